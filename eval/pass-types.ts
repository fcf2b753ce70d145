/** What the per-date pass reads and writes: typed arrays over SharedArrayBuffers, shared with every worker once. */
import type { DateIndex } from '../engine/date-index.ts';

/** The columns of one evaluation, all indexed by row. NaN is null. */
export type PassInput = {
  /** Code of each row as an index 0 .. codeCount-1 (for the top quantile's turnover). */
  code: Int32Array;
  codeCount: number;
  /** The date-major index of the rows (engine/date-index.ts). */
  index: DateIndex;
  /** Feature columns, in report order. */
  features: Float64Array[];
  /** Target columns: [0] is the main target (quantiles, IC), the others only get a rank IC (decay). */
  targets: Float64Array[];
  /** Number of quantile buckets (5 = quintiles). */
  quantiles: number;
};

/** Per-date results; `[f * D + d]` for feature f and date position d (D dates), NaN where undefined. */
export type PassOutput = {
  /** Codes with the feature non-null. */
  valid: Float64Array;
  /** Codes with both the feature and the main target. */
  pairs: Float64Array;
  /** Pearson IC against the main target. */
  ic: Float64Array;
  /** Rank IC: `[(t * F + f) * D + d]` against target t. */
  rankIc: Float64Array;
  /** Mean main target per bucket: `[(f * Q + q) * D + d]`; NaN on a skipped date or an empty bucket. */
  qMean: Float64Array;
  /** Codes per bucket, same layout as qMean. */
  qCount: Float64Array;
  /** Share of the top bucket's codes that were not in it on the previous date that had buckets. */
  turnover: Float64Array;
  /** Feature-to-feature rank correlation per date: `[p * D + d]` for the pair p = pairIndex(a, b, F), a < b. */
  pairCorr: Float64Array;
};

/** The position of the pair (a, b), a < b, among the F * (F - 1) / 2 pairs of F features. */
export function pairIndex(a: number, b: number, features: number): number {
  return a * features - (a * (a + 1)) / 2 + (b - a - 1);
}

/** A task: the date positions [dateLo, dateHi). */
export type PassTask = { dateLo: number; dateHi: number };

/** A task's answer: only its time (every result is in the shared outputs). */
export type PassResult = { ms: number };

/** Shapes the output arrays of a pass over `features` x `dates` with `targets` and `quantiles`, over SharedArrayBuffers. */
export function allocatePassOutput(features: number, dates: number, targets: number, quantiles: number): PassOutput {
  const f = (n: number): Float64Array => {
    const a = new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8));
    a.fill(Number.NaN);
    return a;
  };
  const fd = features * dates;
  return {
    valid: f(fd), pairs: f(fd), ic: f(fd), rankIc: f(targets * fd),
    qMean: f(fd * quantiles), qCount: f(fd * quantiles), turnover: f(fd), pairCorr: f(((features * (features - 1)) / 2) * dates),
  };
}
