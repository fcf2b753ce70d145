/**
 * Tolerances of the peer bench's agreement check per column (agree.ts: |a - b| <= rel * max(|ref|, mean |ref|)).
 * 1e-9 (features.md) unless the polars expression is a different algorithm from gq's two-pass reference, in which
 * case the tolerance is families.md §7.6 (b)'s for a comparison against online rolling statistics.
 */

export type Group = { columns: string[]; rel: number; why: string };

/** Columns whose polars expression is not the spec's algorithm, with the tolerance and the reason. */
const RELAXED: { test: RegExp; rel: number; why: string }[] = [
  { test: /^a158_(CORR|CORD)\d+$/, rel: 1e-6, why: 'polars has no rolling corr: moments from rolling means, E[ab] - E[a]E[b] (§7.6 b: 1e-6 against online statistics)' },
  { test: /^a158_(RSQR|BETA|RESI)\d+$/, rel: 1e-6, why: 'weighted rolling_sum and rolling_var against gq\'s re-anchored centred sums (§7.6 b allows 1e-3)' },
  // A rank is exact on exact inputs, but its inputs (rsi_14, price_to_sma_20, ...) agree to 1e-9, not to the bit: two
  // codes within an ulp of each other on a date can swap places or tie in one tool only, which moves a rank by 1/n
  // (n ~ 450 codes a date in the 500-code check: 2.2e-3, scaled by the column's mean 0.5: 4.4e-3). 1e-2 admits two
  // such swaps and nothing else: a wrong rank definition moves most rows by far more.
  { test: /^(cs_rank_|target_rank_)/, rel: 1e-2, why: 'ranks of inputs equal to 1e-9 but not to the bit: near-ties can swap, moving a rank by 1/n' },
];

/** Columns left out of the comparison, with the reason (none so far). */
const EXCLUDED: { test: RegExp; why: string }[] = [];

/** Splits `columns` into groups by tolerance, and the excluded ones. */
export function toleranceGroups(columns: readonly string[]): { compared: Group[]; excluded: { columns: string[]; why: string }[] } {
  const strict: Group = { columns: [], rel: 1e-9, why: 'features.md' };
  const relaxed = RELAXED.map((r) => ({ columns: [] as string[], rel: r.rel, why: r.why }));
  const excluded = EXCLUDED.map((e) => ({ columns: [] as string[], why: e.why }));
  for (const c of columns) {
    const x = EXCLUDED.findIndex((e) => e.test.test(c));
    if (x >= 0) { excluded[x]!.columns.push(c); continue; }
    const r = RELAXED.findIndex((e) => e.test.test(c));
    (r >= 0 ? relaxed[r]! : strict).columns.push(c);
  }
  return { compared: [strict, ...relaxed].filter((g) => g.columns.length > 0), excluded: excluded.filter((e) => e.columns.length > 0) };
}
