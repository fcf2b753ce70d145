/**
 * Codes as users type them: J-Quants V2 (and so the store) keeps 5-character codes (72030), while people write the
 * 4-character form (7203), as `gq run --codes` accepts. A code the store does not hold as given is looked up again in
 * its 5-character form; answers still name the code as it was given.
 */
import { sourceCode } from '../io/source/source-code.ts';

/** The value for `code`, or for its 5-character form when `code` is a 4-character one the map lacks. */
export function lookupCode<T>(map: ReadonlyMap<string, T>, code: string): T | undefined {
  const hit = map.get(code);
  if (hit !== undefined) return hit;
  const five = sourceCode(code);
  return five === code ? undefined : map.get(five);
}

