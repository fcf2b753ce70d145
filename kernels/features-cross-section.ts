/**
 * Cross-sectional features (families.md §6; per-date pass, universe-dependent): for each input, its percentile rank
 * (average ties, in (0, 1]) and z-score (sample sd) among the codes of the date with a value (n >= 2), and two
 * breadth shares. Also target_rank_5d (§8), the percentile rank of target_5d, written only on request. The z-scores
 * and breadths keep only numbers per date in the per-date pass (their `perDate`); rows get their values from them.
 */
import { pctRanks, zMoments, zScore } from './cross-stats.ts';
import type { DateSegment, Family, FeatureDef } from './feature-def.ts';

/** The inputs of §6.2 in order; log_adv_20 is ln(adv_20), null when adv_20 <= 0. */
export const CS_INPUTS = ['returns_1d', 'returns_5d', 'returns_20d', 'returns_60d', 'volatility_20d', 'beta_60d', 'rsi_14',
  'price_to_sma_20', 'volume_ratio_5_20', 'log_adv_20'] as const;

const FIRST_VALID: Record<string, number> = {
  returns_1d: 1, returns_5d: 5, returns_20d: 20, returns_60d: 60, volatility_20d: 20, beta_60d: 60, rsi_14: 14,
  price_to_sma_20: 19, volume_ratio_5_20: 19, log_adv_20: 19,
};

const sourceOf = (x: string): string => (x === 'log_adv_20' ? 'adv_20' : x);

/** The date's values of x (ln x for log_adv_20, null when x <= 0) into g.scratch[0]; returns how many. */
function gather(g: DateSegment, d: number, src: Float64Array, log: boolean): number {
  const x = g.scratch[0]!;
  const lo = g.offsets[d]!;
  const m = g.offsets[d + 1]! - lo;
  for (let j = 0; j < m; j++) {
    const v = src[g.rows[lo + j]!]!;
    x[j] = log ? (v > 0 ? Math.log(v) : Number.NaN) : v;
  }
  return m;
}

/** Percentile ranks of x among each date's codes, written at the date's rows. */
function ranks(g: DateSegment, out: Float64Array, input: string, log: boolean): void {
  const src = g.col[input]!;
  const [x, y] = g.scratch as [Float64Array, Float64Array];
  for (let d = g.dLo; d < g.dHi; d++) {
    const m = gather(g, d, src, log);
    pctRanks(x, m, y);
    const lo = g.offsets[d]!;
    for (let j = 0; j < m; j++) out[g.rows[lo + j]!] = y[j]!;
  }
}

/** Per date, the mean and sd of x among its codes (zMoments): out[2d], out[2d + 1]. */
function moments(g: DateSegment, out: Float64Array, input: string, log: boolean): void {
  const src = g.col[input]!;
  for (let d = g.dLo; d < g.dHi; d++) zMoments(g.scratch[0]!, gather(g, d, src, log), out, 2 * d);
}

/** Rows' z-scores from their date's moments. */
function zRows(log: boolean): NonNullable<FeatureDef['perDate']>['rows'] {
  return (summary, day, x, n, out) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const d = day[i]!;
      out[i] = zScore(log ? (v > 0 ? Math.log(v) : Number.NaN) : v, summary[2 * d]!, summary[2 * d + 1]!);
    }
  };
}

/** Rows' share: their date's. */
const shareRows: NonNullable<FeatureDef['perDate']>['rows'] = (summary, day, _x, n, out) => {
  for (let i = 0; i < n; i++) out[i] = summary[day[i]!]!;
};

function dateDef(name: string, family: Family, inputs: string[], firstValid: number, window: number, doc: string, computeDates: (g: DateSegment, out: Float64Array) => void, perDate?: FeatureDef['perDate']): FeatureDef {
  return {
    name, family, inputs, window, firstValid, kind: 'f64', doc, pass: 'date', computeDates, ...(perDate === undefined ? {} : { perDate }),
    compute: () => { throw new Error(`${name} runs in the per-date pass`); },
  };
}

function rankOf(x: string): FeatureDef {
  return dateDef(`cs_rank_${x}`, 'cross_section', [sourceOf(x)], FIRST_VALID[x]!, 1, `percentile rank of ${x} among the date's codes (average ties)`,
    (g, out) => ranks(g, out, sourceOf(x), x === 'log_adv_20'));
}

function zOf(x: string): FeatureDef {
  return dateDef(`cs_z_${x}`, 'cross_section', [sourceOf(x)], FIRST_VALID[x]!, 1, `(${x} - mean) / sd among the date's codes (sample sd)`,
    (g, out) => moments(g, out, sourceOf(x), x === 'log_adv_20'), { size: 2, rows: zRows(x === 'log_adv_20') });
}

/** Per date, #{rows counted with x > 0} / #{rows counted with x non-null} (null below 2) at out[d]; every row of the date gets it. */
function breadth(g: DateSegment, out: Float64Array, input: string, tradedOnly: boolean): void {
  const x = g.col[input]!;
  for (let d = g.dLo; d < g.dHi; d++) {
    const lo = g.offsets[d]!;
    const hi = g.offsets[d + 1]!;
    let pos = 0;
    let n = 0;
    for (let k = lo; k < hi; k++) {
      const r = g.rows[k]!;
      if (tradedOnly && g.traded[r] !== 1) continue;
      const v = x[r]!;
      if (v !== v) continue;
      n++;
      if (v > 0) pos++;
    }
    out[d] = n >= 2 ? pos / n : Number.NaN;
  }
}

/** The 22 cross-sectional columns: rank and z of each input, then the two breadths. */
export const CROSS_SECTION: FeatureDef[] = [
  ...CS_INPUTS.flatMap((x) => [rankOf(x), zOf(x)]),
  dateDef('cs_breadth_1d', 'cross_section', ['returns_1d'], 0, 1, 'share of traded codes with returns_1d > 0 among those with a value', (g, out) => breadth(g, out, 'returns_1d', true), { size: 1, rows: shareRows }),
  dateDef('cs_breadth_sma20', 'cross_section', ['price_to_sma_20'], 0, 1, 'share of codes with price_to_sma_20 > 0 among those with a value', (g, out) => breadth(g, out, 'price_to_sma_20', false), { size: 1, rows: shareRows }),
];

/** target_rank_5d (§8): the percentile rank of target_5d among the date's codes; a target, written only on request. */
export const TARGET_RANK: FeatureDef[] = [
  dateDef('target_rank_5d', 'target_rank', ['target_5d'], 0, 5, 'percentile rank of target_5d among the date\'s codes (average ties)',
    (g, out) => ranks(g, out, 'target_5d', false)),
];
