/**
 * Cross-sectional features (families.md §6; per-date pass, universe-dependent): for each input, its percentile rank
 * (average ties, in (0, 1]) and z-score (sample sd) among the codes of the date with a value (n >= 2), and two
 * breadth shares. Also target_rank_5d (§8), the percentile rank of target_5d, written only on request.
 */
import { pctRanks, zScores } from './cross-stats.ts';
import type { DateSegment, Family, FeatureDef } from './feature-def.ts';

/** The inputs of §6.2 in order; log_adv_20 is ln(adv_20), null when adv_20 <= 0. */
export const CS_INPUTS = ['returns_1d', 'returns_5d', 'returns_20d', 'returns_60d', 'volatility_20d', 'beta_60d', 'rsi_14',
  'price_to_sma_20', 'volume_ratio_5_20', 'log_adv_20'] as const;

const FIRST_VALID: Record<string, number> = {
  returns_1d: 1, returns_5d: 5, returns_20d: 20, returns_60d: 60, volatility_20d: 20, beta_60d: 60, rsi_14: 14,
  price_to_sma_20: 19, volume_ratio_5_20: 19, log_adv_20: 19,
};

const sourceOf = (x: string): string => (x === 'log_adv_20' ? 'adv_20' : x);

/** Gathers the date's values of x into g.scratch[0], applies `stat` into g.scratch[1], scatters back to out. */
function perDate(g: DateSegment, out: Float64Array, input: string, log: boolean, stat: (x: Float64Array, m: number, y: Float64Array) => void): void {
  const src = g.col[input]!;
  const [x, y] = g.scratch as [Float64Array, Float64Array];
  for (let d = g.dLo; d < g.dHi; d++) {
    const lo = g.offsets[d]!;
    const m = g.offsets[d + 1]! - lo;
    for (let j = 0; j < m; j++) {
      const v = src[g.rows[lo + j]!]!;
      x[j] = log ? (v > 0 ? Math.log(v) : Number.NaN) : v;
    }
    stat(x, m, y);
    for (let j = 0; j < m; j++) out[g.rows[lo + j]!] = y[j]!;
  }
}

function dateDef(name: string, family: Family, inputs: string[], firstValid: number, window: number, doc: string, computeDates: (g: DateSegment, out: Float64Array) => void): FeatureDef {
  return {
    name, family, inputs, window, firstValid, kind: 'f64', doc, pass: 'date', computeDates,
    compute: () => { throw new Error(`${name} runs in the per-date pass`); },
  };
}

function rankOf(x: string): FeatureDef {
  return dateDef(`cs_rank_${x}`, 'cross_section', [sourceOf(x)], FIRST_VALID[x]!, 1, `percentile rank of ${x} among the date's codes (average ties)`,
    (g, out) => perDate(g, out, sourceOf(x), x === 'log_adv_20', pctRanks));
}

function zOf(x: string): FeatureDef {
  return dateDef(`cs_z_${x}`, 'cross_section', [sourceOf(x)], FIRST_VALID[x]!, 1, `(${x} - mean) / sd among the date's codes (sample sd)`,
    (g, out) => perDate(g, out, sourceOf(x), x === 'log_adv_20', zScores));
}

/** #{rows counted with x > 0} / #{rows counted with x non-null}, the same for every row of the date; null below 2. */
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
    const share = n >= 2 ? pos / n : Number.NaN;
    for (let k = lo; k < hi; k++) out[g.rows[k]!] = share;
  }
}

/** The 22 cross-sectional columns: rank and z of each input, then the two breadths. */
export const CROSS_SECTION: FeatureDef[] = [
  ...CS_INPUTS.flatMap((x) => [rankOf(x), zOf(x)]),
  dateDef('cs_breadth_1d', 'cross_section', ['returns_1d'], 0, 1, 'share of traded codes with returns_1d > 0 among those with a value', (g, out) => breadth(g, out, 'returns_1d', true)),
  dateDef('cs_breadth_sma20', 'cross_section', ['price_to_sma_20'], 0, 1, 'share of codes with price_to_sma_20 > 0 among those with a value', (g, out) => breadth(g, out, 'price_to_sma_20', false)),
];

/** target_rank_5d (§8): the percentile rank of target_5d among the date's codes; a target, written only on request. */
export const TARGET_RANK: FeatureDef[] = [
  dateDef('target_rank_5d', 'target_rank', ['target_5d'], 0, 5, 'percentile rank of target_5d among the date\'s codes (average ties)',
    (g, out) => perDate(g, out, 'target_5d', false, pctRanks)),
];
