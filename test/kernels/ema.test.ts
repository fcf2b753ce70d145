import { describe, expect, it } from 'vitest';
import { emaN, wilder } from '../../kernels/ema.ts';

describe('seeded EMA and Wilder smoothing', () => {
  it('seeds EMA_3 with the mean of the first 3 values, then smooths with alpha 1/2', () => {
    const out = new Float64Array(5);
    emaN(Float64Array.from([1, 2, 3, 10, 0]), 0, out, 0, 5, 3);
    // seed (1+2+3)/3 = 2; then 0.5*10 + 0.5*2 = 6; then 0.5*0 + 0.5*6 = 3
    expect([...out]).toEqual([NaN, NaN, 2, 6, 3]);
  });

  it('starts a series that begins with nulls at its own first value', () => {
    const out = new Float64Array(5);
    wilder(Float64Array.from([NaN, 4, 8, 2, 4]), 0, out, 0, 5, 2);
    // seed (4+8)/2 = 6 at row 2; then 0.5*2 + 0.5*6 = 4; then 0.5*4 + 0.5*4 = 4
    expect([...out]).toEqual([NaN, NaN, 6, 4, 4]);
  });

  it('is all null when the series is shorter than the window', () => {
    const out = new Float64Array(2);
    emaN(Float64Array.from([1, 2]), 0, out, 0, 2, 3);
    expect([...out]).toEqual([NaN, NaN]);
  });

  it('seeds again after a null inside the series instead of staying null for the rest of it', () => {
    const out = new Float64Array(8);
    emaN(Float64Array.from([1, 2, 3, NaN, 4, 6, 8, 0]), 0, out, 0, 8, 3);
    // seed (1+2+3)/3 = 2; the null row is null; seed again (4+6+8)/3 = 6; then 0.5*0 + 0.5*6 = 3
    expect([...out]).toEqual([NaN, NaN, 2, NaN, NaN, NaN, 6, 3]);
  });
});
