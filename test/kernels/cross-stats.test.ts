import { describe, expect, it } from 'vitest';
import { pctRanks } from '../../kernels/cross-stats.ts';

/** The definition of §6.1 counted pair by pair (O(n²)): (#{< x_j} + (#{= x_j} + 1) / 2) / n, NaN skipped. */
function byDefinition(x: Float64Array): Float64Array {
  const n = x.filter((v) => v === v).length;
  return x.map((v) => {
    if (v !== v || n < 2) return Number.NaN;
    let less = 0;
    let equal = 0;
    for (const u of x) { if (u < v) less++; else if (u === v) equal++; }
    return (less + (equal + 1) / 2) / n;
  });
}

/** A deterministic mix of NaN, both zeros, infinities, subnormals, negatives, large magnitudes and many ties. */
function mixed(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const u = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const special = [Number.NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1, -1, 1e300, -1e300, 2 ** -1022];
  return Float64Array.from({ length: n }, () => {
    const r = u();
    if (r < 0.15) return special[Math.floor(u() * special.length)]!;
    if (r < 0.4) return Math.round(u() * 6) - 3;
    return (u() - 0.5) * 10 ** Math.floor(u() * 16 - 8);
  });
}

describe('percentile ranks across one date', () => {
  it('gives ties the mean of their places and skips NaN, as pandas rank(method="average", pct=True)', () => {
    // pandas: pd.Series([3, 1, nan, 3, 2, 3]).rank(pct=True) -> [0.8, 0.2, NaN, 0.8, 0.4, 0.8]
    const out = new Float64Array(6);
    pctRanks(Float64Array.from([3, 1, NaN, 3, 2, 3]), 6, out);
    expect([...out]).toEqual([0.8, 0.2, NaN, 0.8, 0.4, 0.8]);
  });

  it('treats -0 and 0 as a tie and orders infinities and subnormals by value', () => {
    const out = new Float64Array(6);
    pctRanks(Float64Array.from([0, -0, Infinity, -Infinity, 5e-324, -5e-324]), 6, out);
    // places: -Inf 1, -5e-324 2, ±0 3.5 each, 5e-324 5, Inf 6; divided by 6
    expect([...out]).toEqual([3.5 / 6, 3.5 / 6, 1, 1 / 6, 5 / 6, 2 / 6]);
  });

  it('is null everywhere below two values and reads only the first m entries', () => {
    const out = Float64Array.from([7, 7, 7]);
    pctRanks(Float64Array.from([NaN, 4, 1]), 2, out);
    expect([...out]).toEqual([NaN, NaN, 7]);
  });

  it('equals the pair-by-pair definition bit for bit on mixed dates of 1 to 5,000 values', () => {
    for (const [n, seed] of [[1, 1], [2, 2], [3, 3], [17, 4], [300, 5], [4001, 6], [5000, 7]] as const) {
      const x = mixed(n, seed);
      const out = new Float64Array(n).fill(-1);
      pctRanks(x, n, out);
      const want = byDefinition(x);
      for (let j = 0; j < n; j++) expect(Object.is(out[j], want[j]), `value ${x[j]} at ${j}: ${out[j]} vs ${want[j]}`).toBe(true);
    }
  });

  it('gives the same ranks after a larger date has grown its scratch', () => {
    const big = mixed(6000, 8);
    pctRanks(big, 6000, new Float64Array(6000));
    const x = Float64Array.from([2, 2, 1, NaN, 3]);
    const out = new Float64Array(5);
    pctRanks(x, 5, out);
    expect([...out]).toEqual([0.625, 0.625, 0.25, NaN, 1]);
  });
});
