import { describe, expect, it } from 'vitest';
import { rollingMax, rollingMin } from '../../kernels/rolling-extrema.ts';

describe('rolling min and max', () => {
  it('track the extreme of each window of n rows', () => {
    const x = Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6]);
    const lo = new Float64Array(8);
    const hi = new Float64Array(8);
    const dq = new Int32Array(8);
    rollingMin(x, 0, lo, 0, 8, 3, dq);
    rollingMax(x, 0, hi, 0, 8, 3, dq);
    expect([...lo]).toEqual([NaN, NaN, 1, 1, 1, 1, 2, 2]);
    expect([...hi]).toEqual([NaN, NaN, 4, 4, 5, 9, 9, 9]);
  });

  it('is null while a null is inside the window', () => {
    const x = Float64Array.from([NaN, 2, 3, 1]);
    const out = new Float64Array(4);
    rollingMin(x, 0, out, 0, 4, 2, new Int32Array(4));
    expect([...out]).toEqual([NaN, NaN, 2, 1]);
  });
});
