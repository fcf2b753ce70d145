/**
 * The business-day range of a run. The rows written are [from, to]; the rows computed are [fetchFrom, fetchTo]:
 * every code from the history origin (so recursive features such as EMA, RSI, ATR and MACD equal a full run's),
 * and past `to` far enough that the targets of the last rows see the bars after `to` where they exist.
 */
import { addBusinessDays, businessDays } from '../engine/calendar/tse-calendar.ts';
import { FEATURES } from '../kernels/registry.ts';

/** Rows of a code before every windowed feature can be non-null (the longest lookback + 1). */
export const WARMUP_ROWS = Math.max(...FEATURES.filter((f) => f.family !== 'targets').map((f) => f.firstValid)) + 1;

/** Business days after `to` a run loads so the targets of its last rows are computed as a full run computes them. */
export const TARGET_LOOKAHEAD = Math.max(...FEATURES.filter((f) => f.family === 'targets').map((f) => f.window));

export type DayRange = {
  /** First day written to the dataset. */
  from: number;
  /** Last day written. */
  to: number;
  /** First day loaded: the history origin. */
  fetchFrom: number;
  /** Last day loaded: `to` plus the target horizon, or further where the source already holds more. */
  fetchTo: number;
};

/** The range of a run from the options, bounded by what the source has (`first`..`last`), from the history origin. */
export function runRange(o: { from?: number; to?: number; days?: number }, first: number, last: number, defaultDays: number, origin: number): DayRange {
  const lo = Math.max(first, origin);
  const to = Math.min(o.to ?? last, last);
  let from: number;
  if (o.from !== undefined) from = o.from;
  else {
    const n = o.days ?? defaultDays;
    const all = businessDays(Math.max(lo, to - n * 2 - 30), to);
    from = all.length >= n ? all[all.length - n]! : lo;
  }
  from = Math.max(from, lo);
  const fetchTo = Math.min(last, Math.max(to, addBusinessDays(to, TARGET_LOOKAHEAD)));
  return { from, to, fetchFrom: lo, fetchTo };
}
