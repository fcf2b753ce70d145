/** Query-parameter parsing of the stand-in, with the API's 400 answers for bad values. */
import { parseDay } from '../../../engine/dates.ts';
import { MSG } from './messages.ts';

export type BadRequest = { status: 400; message: string };

/** A date parameter (YYYYMMDD or YYYY-MM-DD) as a day; undefined when absent; a 400 when malformed. */
export function dayParam(q: URLSearchParams, name: string): number | undefined | BadRequest {
  const s = q.get(name);
  if (s === null || s === '') return undefined;
  const d = parseDay(s);
  return Number.isNaN(d) ? { status: 400, message: MSG.badDate(name) } : d;
}

/** True for a BadRequest. */
export function isBad(x: unknown): x is BadRequest {
  return typeof x === 'object' && x !== null && (x as BadRequest).status === 400;
}

/** A code parameter; undefined when absent; a 400 when it is not 4 or 5 characters of the code alphabet. */
export function codeParam(q: URLSearchParams): string | undefined | BadRequest {
  const s = q.get('code');
  if (s === null || s === '') return undefined;
  return /^[0-9][0-9A-Z][0-9][0-9A-Z][0-9]?$/.test(s) ? s : { status: 400, message: MSG.badCode };
}
