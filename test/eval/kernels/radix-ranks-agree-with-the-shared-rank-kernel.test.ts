import { describe, expect, it } from 'vitest';
import { averageRanks } from '../../../eval/kernels/average-ranks.ts';
import { radixOrder, radixScratch } from '../../../kernels/radix-order.ts';
import { rankAverage } from '../../../kernels/cross-rank.ts';
import { mulberry32 } from '../../../io/jquants/standin/prng.ts';

/** Values with negatives, both zeros, infinities, subnormals and many ties. */
function values(n: number, seed: number): Float64Array {
  const u = mulberry32(seed);
  const special = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1, -1, 1e300, -1e300];
  return Float64Array.from({ length: n }, () => {
    const r = u();
    if (r < 0.1) return special[Math.floor(u() * special.length)]!;
    if (r < 0.4) return Math.round(u() * 6) - 3; // ties
    return (u() - 0.5) * 10 ** Math.floor(u() * 12 - 6);
  });
}

describe('radix order and average ranks', () => {
  it('sort like a stable comparison sort, with -0 beside +0', () => {
    for (const n of [0, 1, 2, 3, 17, 1000, 4001]) {
      const v = values(n, n + 1);
      const order = new Int32Array(n);
      radixOrder(v, n, order, radixScratch(n));
      const want = Array.from({ length: n }, (_, i) => i).sort((a, b) => (v[a]! < v[b]! ? -1 : v[a]! > v[b]! ? 1 : a - b));
      expect([...order]).toEqual(want);
    }
  });

  it('give the same average ranks as kernels/cross-rank.ts', () => {
    const n = 3000;
    const v = values(n, 99);
    const order = new Int32Array(n);
    radixOrder(v, n, order, radixScratch(n));
    const mine = new Float64Array(n);
    averageRanks(v, order, n, mine);
    const theirs = new Float64Array(n);
    rankAverage(v, Int32Array.from({ length: n }, (_, i) => i), 0, n, theirs, new Float64Array(n));
    expect([...mine]).toEqual([...theirs]);
  });
});
