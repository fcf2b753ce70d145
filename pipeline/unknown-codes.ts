/** The error for `--codes` a source has no bars for, naming a few codes that do exist. */
import { formatDay } from '../engine/dates.ts';
import { GqError } from './errors.ts';

/** How many existing codes an error names. */
const SHOWN = 5;

/**
 * `unknown code 72030: ...`, naming the first few codes of `listed` (the listed master; `by` says so: `The listed
 * master has`) so that the user sees codes that exist, and saying so when an unknown code is listed but has no bars
 * in the range.
 */
export function unknownCodesError(
  unknown: readonly string[], source: string, from: number, to: number, listed: { codes: readonly string[]; by: string } | null,
): GqError {
  const many = unknown.length > 1;
  let text = `unknown code${many ? 's' : ''} ${unknown.join(', ')}: the ${source} has no bars for ${many ? 'them' : 'it'} in ${formatDay(from)}..${formatDay(to)}`;
  const inList = listed === null ? [] : unknown.filter((c) => listed.codes.includes(c));
  text += inList.length > 0 ? `; ${inList.join(', ')} ${inList.length > 1 ? 'are' : 'is'} listed, so widen --from/--to` : '; check the code or the range';
  return new GqError('UNKNOWN_CODE', text + (listed === null ? '' : existingCodesHint(listed.codes, listed.by)));
}

/** `. The files hold 3 codes, e.g. 40010, 40020, 40030 (--codes takes 4001 or 40010)`, or '' without codes. */
export function existingCodesHint(listed: readonly string[], by: string): string {
  const codes = [...new Set(listed)].sort();
  if (codes.length === 0) return '';
  return `. ${by} ${codes.length} code${codes.length > 1 ? 's' : ''}, e.g. ${codes.slice(0, SHOWN).join(', ')} (--codes takes ${shortForm(codes[0]!)} or ${codes[0]})`;
}

/** The 4-character form people type (`13480` -> `1348`), or the code itself when it has none. */
function shortForm(code: string): string {
  return code.length === 5 && code.endsWith('0') ? code.slice(0, 4) : code;
}
