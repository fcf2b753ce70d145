import { describe, expect, it } from 'vitest';
import { rollingBeta, rollingStd, rollingVar } from '../../kernels/rolling-var.ts';
import { close, variance, windowAt } from './naive.ts';

const runVar = (x: number[], n: number, ddof: number): number[] => {
  const out = new Float64Array(x.length);
  rollingVar(Float64Array.from(x), 0, out, 0, x.length, n, ddof);
  return [...out];
};

describe('rolling variance, std and beta', () => {
  it('gives the sample and population variance of small windows worked by hand', () => {
    // [1,2,3]: mean 2, squared deviations 1+0+1 = 2 -> sample 1, population 2/3.
    const got = runVar([1, 2, 3, 5], 3, 1);
    expect(got.slice(0, 3)).toEqual([NaN, NaN, 1]);
    expect(got[3]).toBeCloseTo(7 / 3, 14); // [2,3,5]: mean 10/3, squared deviations sum 14/3
    expect(runVar([1, 2, 3], 3, 0)[2]).toBeCloseTo(2 / 3, 15);
  });

  it('is exactly zero on a constant window, even after volatile rows', () => {
    const got = runVar([5, 900, 3, 7, 7, 7, 7], 4, 1);
    expect(got[6]).toBe(0);
    expect(got[5]).toBeGreaterThan(0);
  });

  it('stays within 1e-9 of a two-pass reference for prices near 1e5 with tiny moves over long histories', () => {
    const x: number[] = [];
    let p = 100_000;
    for (let i = 0; i < 3000; i++) { p += ((i * 2654435761) % 7) / 10 - 0.3; x.push(p); }
    const got = runVar(x, 20, 1);
    for (let i = 19; i < x.length; i++) expect(close(got[i]!, variance(windowAt(x, i, 20)!, 1), 1e-9)).toBe(true);
  });

  it('takes the square root for the standard deviation', () => {
    const out = new Float64Array(3);
    rollingStd(Float64Array.from([2, 4, 6]), 0, out, 0, 3, 3, 1);
    expect(out[2]).toBe(2);
  });

  it('gives beta = 2 for x = 2y + 1 and null when y is constant', () => {
    const y = [0.01, -0.02, 0.03, 0.005, -0.01, 0.02, 0.02, 0.02, 0.02];
    const x = y.map((v) => 2 * v + 1);
    const out = new Float64Array(y.length);
    rollingBeta(Float64Array.from(x), Float64Array.from(y), 0, out, 0, y.length, 4);
    expect(out[3]).toBeCloseTo(2, 12);
    expect(out[5]).toBeCloseTo(2, 12);
    expect(out[8]).toBeNaN(); // last 4 y values equal: var 0
  });
});
