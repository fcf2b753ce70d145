/** What gq train says when its walk-forward predicts no row: too few calendar years, or too few training rows. */
import { isoDay } from '../summarize.ts';

/** Why a walk-forward predicted nothing, with the dataset's first and last date. */
export function noOutOfSampleRows(dataset: string, date: Int32Array, skippedYears: readonly number[]): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < date.length; i++) { const d = date[i]!; if (d < lo) lo = d; if (d > hi) hi = d; }
  const span = date.length === 0 ? 'it has no rows' : `its dates run from ${isoDay(lo)} to ${isoDay(hi)}`;
  const why = skippedYears.length > 0
    ? `every test year (${skippedYears.join(', ')}) had fewer training rows before it than the model has coefficients (features + 1); use fewer --features or a longer dataset`
    : 'the walk-forward refits once per calendar year and the first year only trains, so it needs dates in at least two calendar years';
  return `--dataset ${dataset}: no out-of-sample rows: ${why}; ${span}`;
}
