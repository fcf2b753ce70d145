import { describe, expect, it } from 'vitest';
import { forwardChange, logChange, pctChange } from '../../kernels/shift.ts';

describe('shift kernels', () => {
  it('compute n-row returns, null on the first n rows', () => {
    const out = new Float64Array(4);
    pctChange(Float64Array.from([100, 110, 121, 0]), 0, out, 0, 4, 1);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeCloseTo(0.1, 15);
    expect(out[2]).toBeCloseTo(0.1, 15);
    expect(out[3]).toBe(-1);
  });

  it('make a division by zero null, never Infinity', () => {
    const out = new Float64Array(2);
    pctChange(Float64Array.from([0, 5]), 0, out, 0, 2, 1);
    expect(out[1]).toBeNaN();
    logChange(Float64Array.from([5, 0]), 0, out, 0, 2, 1);
    expect(out[1]).toBeNaN();
  });

  it('compute forward returns, null on the last h rows (never 0)', () => {
    const out = new Float64Array(4);
    forwardChange(Float64Array.from([10, 20, 30, 40]), 0, out, 0, 4, 2);
    expect([...out]).toEqual([2, 1, NaN, NaN]);
    forwardChange(Float64Array.from([10]), 0, out, 0, 1, 5);
    expect(out[0]).toBeNaN();
  });
});
