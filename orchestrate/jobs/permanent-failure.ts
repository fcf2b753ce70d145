/**
 * Which failures a retry cannot cure: the same inputs fail the same way (a day with no rows to write, a bad option, an
 * unknown code, a refused key or a date outside the plan). Network errors, 5xx, 429s, a crashed process and anything
 * unknown stay retryable.
 */
import { JQuantsError, type ErrorCode } from '../../io/jquants/errors.ts';
import { GqError } from '../../pipeline/errors.ts';

/** J-Quants client errors that answer the same on every attempt. */
const PERMANENT_API: ReadonlySet<ErrorCode> = new Set(['config', 'legacy-credentials', 'auth', 'forbidden', 'plan-window', 'bad-request', 'gone']);

/** True when `e` (or an error it wraps) is one a retry cannot cure. */
export function isPermanentFailure(e: unknown): boolean {
  for (let x = e, depth = 0; x instanceof Error && depth < 5; x = x.cause, depth++) {
    // Every GqError is a user-fixable input error (pipeline/errors.ts): the run fails the same until the input changes.
    if (x instanceof GqError) return true;
    if (x instanceof JQuantsError) return PERMANENT_API.has(x.code);
  }
  return false;
}
