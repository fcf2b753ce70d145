/** The day range of a materialization: --from and --to, each defaulting to the table's first or last Date. */
import { formatDay, parseDay } from '../engine/dates.ts';
import { GqError } from '../io/gq-error.ts';
import type { StoreTable } from './table.ts';

/** [from, to] in days since epoch: the given ISO days, else the table's first and last Date; `where` names the table. */
export function rangeOf(t: StoreTable, from: string | undefined, to: string | undefined, where: string): { from: number; to: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < t.rows; i++) {
    const d = t.date[i]!;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (t.rows === 0) throw new GqError('NO_DATA', `${where} has no rows`);
  const f = from === undefined ? lo : flagDay(from, '--from');
  const e = to === undefined ? hi : flagDay(to, '--to');
  if (f > e) throw new GqError('BAD_RANGE', `--from ${formatDay(f)} is after --to ${formatDay(e)}`);
  return { from: f, to: e };
}

/** The day number of a date option's value; an error naming the option when it is not a date. */
export function flagDay(s: string, flag: string): number {
  const d = parseDay(s);
  if (Number.isNaN(d)) throw new GqError('BAD_DATE', `${flag} "${s}" is not a date (YYYY-MM-DD)`);
  return d;
}
