import { describe, expect, it } from 'vitest';
import { rollingMean, rollingSum } from '../../kernels/rolling-mean.ts';
import { windowAt } from './naive.ts';

const run = (fn: typeof rollingMean, x: number[], n: number): number[] => {
  const out = new Float64Array(x.length);
  fn(Float64Array.from(x), 0, out, 0, x.length, n);
  return [...out];
};

describe('rolling mean and sum', () => {
  it('averages each full window of n rows and is null before it fills', () => {
    expect(run(rollingMean, [1, 2, 3, 4, 5], 3)).toEqual([NaN, NaN, 2, 3, 4]);
    expect(run(rollingSum, [1, 2, 3, 4, 5], 2)).toEqual([NaN, 3, 5, 7, 9]);
  });

  it('is null for every window that holds a null', () => {
    expect(run(rollingMean, [NaN, 2, 4, 6, NaN, 1, 2], 2)).toEqual([NaN, NaN, 3, 5, NaN, NaN, 1.5]);
  });

  it('returns a constant window exactly, whatever came before', () => {
    const x = [0.1, 0.7, 1e9, 3.3, 3.3, 3.3, 3.3];
    expect(run(rollingMean, x, 4)[6]).toBe(3.3);
    expect(run(rollingSum, [5, 1e9, 0, 0, 0], 3)[4]).toBe(0);
  });

  it('reads and writes at the given offsets only', () => {
    const x = Float64Array.from([9, 9, 1, 2, 3, 9]);
    const out = new Float64Array(6).fill(-1);
    rollingMean(x, 2, out, 1, 3, 2);
    expect([...out]).toEqual([-1, NaN, 1.5, 2.5, -1, -1]);
  });

  it('matches a naive window mean to 1e-13 on volumes near 1e9 over 2,000 rows', () => {
    const x = Array.from({ length: 2000 }, (_, i) => 1e9 + ((i * 7919) % 1000) * 1000 + (i % 3) * 0.25);
    const got = run(rollingMean, x, 20);
    for (let i = 19; i < x.length; i++) {
      const w = windowAt(x, i, 20)!;
      const want = w.reduce((a, b) => a + b, 0) / 20;
      expect(Math.abs(got[i]! - want) / want).toBeLessThan(1e-13);
    }
  });
});
