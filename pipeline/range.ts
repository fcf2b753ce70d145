/** The business-day range of a run: --from/--to/--days, plus the warm-up rows the longest window needs. */
import { addBusinessDays, businessDays } from '../engine/calendar/tse-calendar.ts';
import { FEATURES } from '../kernels/registry.ts';

/** Rows of history before the first output day so that every feature is valid on it (longest lookback + 1). */
export const WARMUP_DAYS = Math.max(...FEATURES.filter((f) => f.family !== 'targets').map((f) => f.firstValid)) + 1;

export type DayRange = {
  /** First day written to the dataset. */
  from: number;
  to: number;
  /** First day fetched: `from` minus the warm-up. */
  fetchFrom: number;
};

/** The range of a run from the options, bounded by what the source has (`first`..`last`). */
export function runRange(o: { from?: number; to?: number; days?: number }, first: number, last: number, defaultDays: number): DayRange {
  const to = Math.min(o.to ?? last, last);
  let from: number;
  if (o.from !== undefined) from = o.from;
  else {
    const n = o.days ?? defaultDays;
    const all = businessDays(Math.max(first, to - n * 2 - 30), to);
    from = all.length >= n ? all[all.length - n]! : first;
  }
  from = Math.max(from, first);
  const fetchFrom = Math.max(first, addBusinessDays(from, -WARMUP_DAYS));
  return { from, to, fetchFrom };
}
