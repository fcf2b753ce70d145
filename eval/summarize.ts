/** Turns the per-date arrays of a pass into the report: per feature summaries, by year, decay, buckets, turnover, correlations. */
import { familyOf } from './columns.ts';
import type { PassRun } from './pass-pool.ts';
import { meanOf, seriesStats, type SeriesStats } from './stats.ts';

export type FeatureReport = {
  name: string;
  family: string;
  /** Non-null share of the feature over all rows. */
  coverage: number;
  rankIc: SeriesStats;
  ic: SeriesStats;
  byYear: { year: number; rankIc: SeriesStats; ic: SeriesStats }[];
  /** Mean rank IC against each decay target (name -> mean). */
  decay: Record<string, number>;
  /** Mean over dates of the main target's mean per bucket, lowest bucket first. */
  quantileMeans: number[];
  /** Top-minus-bottom bucket, per date. */
  spread: SeriesStats;
  /** Dates with pairs that pandas' qcut refuses (edges not unique: heavy ties, or a single code). */
  quantileDatesSkipped: number;
  /** Mean day-to-day turnover of the top bucket. */
  topTurnover: number;
  /** The other feature with the largest mean |rank correlation|. */
  mostCorrelated: { name: string; corr: number } | null;
  daily: { rankIc: number[]; ic: number[]; spread: number[]; spreadCum: number[]; turnover: number[] };
};

export type EvalReport = {
  target: string;
  horizon: number;
  quantiles: number;
  rows: number;
  codes: number;
  dates: string[];
  decayTargets: string[];
  features: FeatureReport[];
  /** Mean over dates of the feature-to-feature rank correlation, in `features` order. */
  featureCorr: number[][];
  workers: number;
  timing: Record<string, number>;
};

/** ISO date of a day number. */
export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Builds the report of a finished pass. */
export function summarize(run: PassRun, o: {
  features: readonly string[]; targets: readonly string[]; decayTargets: readonly string[]; target: string; horizon: number;
  quantiles: number; rows: number; codes: number; dates: Int32Array;
}): Omit<EvalReport, 'workers' | 'timing'> {
  const F = o.features.length;
  const D = o.dates.length;
  const Q = o.quantiles;
  const { out } = run;
  const years = new Map<number, number[]>();
  for (let d = 0; d < D; d++) {
    const y = new Date(o.dates[d]! * 86_400_000).getUTCFullYear();
    let list = years.get(y);
    if (list === undefined) years.set(y, (list = []));
    list.push(d);
  }
  const features = o.features.map((name, f): FeatureReport => {
    const at = f * D;
    let valid = 0;
    for (let d = 0; d < D; d++) { const v = out.valid[at + d]!; if (v === v) valid += v; }
    const quantileMeans = Array.from({ length: Q }, (_, q) => meanOf(out.qMean, (f * Q + q) * D, D));
    const spread = new Float64Array(D).fill(Number.NaN);
    const spreadCum: number[] = [];
    let cum = 0;
    let skipped = 0;
    for (let d = 0; d < D; d++) {
      const top = out.qMean[(f * Q + Q - 1) * D + d]!;
      const bottom = out.qMean[(f * Q) * D + d]!;
      if (out.pairs[at + d]! > 0 && out.qCount[(f * Q) * D + d]! !== out.qCount[(f * Q) * D + d]!) skipped++;
      if (top === top && bottom === bottom) { spread[d] = top - bottom; cum += (top - bottom) / o.horizon; }
      spreadCum.push(cum);
    }
    const decay: Record<string, number> = {};
    for (const t of o.decayTargets) {
      const k = o.targets.indexOf(t);
      if (k >= 0) decay[t] = meanOf(out.rankIc, (k * F + f) * D, D);
    }
    let best: { name: string; corr: number } | null = null;
    for (let g = 0; g < F; g++) {
      const c = run.corr[f * F + g]!;
      if (g !== f && c === c && (best === null || Math.abs(c) > Math.abs(best.corr))) best = { name: o.features[g]!, corr: c };
    }
    return {
      name, family: familyOf(name), coverage: o.rows > 0 ? valid / o.rows : Number.NaN,
      rankIc: seriesStats(out.rankIc, at, D), ic: seriesStats(out.ic, at, D),
      byYear: [...years].map(([year, ds]) => ({ year, rankIc: seriesStats(out.rankIc, at, D, ds), ic: seriesStats(out.ic, at, D, ds) })),
      decay, quantileMeans, spread: seriesStats(spread, 0, D), quantileDatesSkipped: skipped,
      topTurnover: meanOf(out.turnover, at, D), mostCorrelated: best,
      daily: {
        rankIc: [...out.rankIc.subarray(at, at + D)], ic: [...out.ic.subarray(at, at + D)], spread: [...spread], spreadCum,
        turnover: [...out.turnover.subarray(at, at + D)],
      },
    };
  });
  const featureCorr = Array.from({ length: F }, (_, a) => Array.from({ length: F }, (_, b) => run.corr[a * F + b]!));
  return {
    target: o.target, horizon: o.horizon, quantiles: Q, rows: o.rows, codes: o.codes, dates: [...o.dates].map(isoDay),
    decayTargets: [...o.decayTargets], features, featureCorr,
  };
}
