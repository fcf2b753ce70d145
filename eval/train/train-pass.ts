/**
 * The two per-date passes of gq train over a shard of dates: (1) the normal equations of each training segment,
 * from per-date z-scores; (2) the out-of-sample predictions of each test date with its year's coefficients.
 */
import type { DateIndex } from '../../engine/date-index.ts';
import { zscoreDate } from './zscore.ts';

export type TrainInput = {
  index: DateIndex;
  features: Float64Array[];
  target: Float64Array;
  /** Per date position: the training segment it belongs to, or -1. */
  segment: Int32Array;
  segments: number;
  /** Per date position: the refit whose coefficients predict it, or -1. */
  predictWith: Int32Array;
  /** Out-of-sample predictions by row (NaN elsewhere), written by pass 2. */
  prediction: Float64Array;
};

export type TrainTask = { kind: 'gram' | 'predict'; dateLo: number; dateHi: number; coefs?: Float64Array[] };

/** Per segment: rows, X'X (m x m, upper triangle) and X'y, with m = features + 1 (the intercept first). */
export type GramResult = { rows: Float64Array; xtx: Float64Array[]; xty: Float64Array[] };

/** z-scores of every feature on date d, row-major with a leading 1: z[i * m + 1 + f]. */
function designRows(input: TrainInput, d: number, z: Float64Array, col: Float64Array): number {
  const { rows, offsets } = input.index;
  const lo = offsets[d]!;
  const n = offsets[d + 1]! - lo;
  const F = input.features.length;
  const m = F + 1;
  for (let i = 0; i < n; i++) z[i * m] = 1;
  for (let f = 0; f < F; f++) {
    zscoreDate(input.features[f]!, rows, lo, n, col);
    for (let i = 0; i < n; i++) z[i * m + 1 + f] = col[i]!;
  }
  return n;
}

/** Scratch for dates of up to maxRows codes. */
export function trainScratch(input: TrainInput, maxRows: number): { z: Float64Array; col: Float64Array } {
  return { z: new Float64Array(Math.max(1, maxRows) * (input.features.length + 1)), col: new Float64Array(Math.max(1, maxRows)) };
}

/** Pass 1: the normal equations of the training rows (non-null target) in [dateLo, dateHi), per segment. */
export function gramPass(input: TrainInput, s: { z: Float64Array; col: Float64Array }, dateLo: number, dateHi: number): GramResult {
  const m = input.features.length + 1;
  const K = input.segments;
  const res: GramResult = { rows: new Float64Array(K), xtx: Array.from({ length: K }, () => new Float64Array(m * m)), xty: Array.from({ length: K }, () => new Float64Array(m)) };
  const { rows, offsets } = input.index;
  for (let d = dateLo; d < dateHi; d++) {
    const seg = input.segment[d]!;
    if (seg < 0) continue;
    const n = designRows(input, d, s.z, s.col);
    const g = res.xtx[seg]!;
    const b = res.xty[seg]!;
    const lo = offsets[d]!;
    for (let i = 0; i < n; i++) {
      const y = input.target[rows[lo + i]!]!;
      if (y !== y) continue;
      res.rows[seg]!++;
      const o = i * m;
      for (let a = 0; a < m; a++) {
        const za = s.z[o + a]!;
        if (za === 0) continue;
        b[a]! += za * y;
        const ga = a * m;
        for (let c = a; c < m; c++) g[ga + c]! += za * s.z[o + c]!;
      }
    }
  }
  return res;
}

/** Pass 2: predictions of the test dates in [dateLo, dateHi) into input.prediction. */
export function predictPass(input: TrainInput, s: { z: Float64Array; col: Float64Array }, dateLo: number, dateHi: number, coefs: readonly Float64Array[]): void {
  const m = input.features.length + 1;
  const { rows, offsets } = input.index;
  for (let d = dateLo; d < dateHi; d++) {
    const r = input.predictWith[d]!;
    if (r < 0) continue;
    const beta = coefs[r]!;
    const n = designRows(input, d, s.z, s.col);
    const lo = offsets[d]!;
    for (let i = 0; i < n; i++) {
      let p = 0;
      for (let a = 0; a < m; a++) p += s.z[i * m + a]! * beta[a]!;
      input.prediction[rows[lo + i]!] = p;
    }
  }
}
