import { describe, expect, it } from 'vitest';
import { splitPlan } from '../../engine/date-pass.ts';
import { ALL_FEATURES, ALL_FAMILIES, computePlan } from '../../kernels/registry.ts';

describe('the split of a plan into per-code and per-date features', () => {
  it('has no per-code feature reading a date feature, so the pool may run the first batch beside the date pass', () => {
    const date = new Set(ALL_FEATURES.filter((f) => f.pass === 'date').map((f) => f.name));
    expect(date.size).toBeGreaterThan(0);
    const readers = ALL_FEATURES.filter((f) => f.pass !== 'date' && f.inputs.some((i) => date.has(i))).map((f) => f.name);
    expect(readers).toEqual([]);
  });

  it('puts every date feature of --families all in the date part and its inputs in the per-code parts', () => {
    const split = splitPlan(computePlan({ families: [...ALL_FAMILIES] }));
    expect(split.date.every((f) => f.pass === 'date')).toBe(true);
    expect(split.code.some((f) => f.pass === 'date')).toBe(false);
    const code = new Set(split.code.map((f) => f.name));
    for (const f of split.dateInputs) expect(code.has(f.name), f.name).toBe(true);
  });
});
