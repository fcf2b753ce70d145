/** The compute line of gq run counts what it computes as the README and gq eval do: features, targets, flags. */
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../kernels/registry.ts';
import { planSummary } from '../../pipeline/plan-summary.ts';

describe('the compute line of a run', () => {
  it('says 61 features, 8 targets and 1 flag for the core catalogue', () => {
    expect(planSummary(computePlan({}))).toBe('61 features, 8 targets and 1 flag');
  });

  it('says 300 features, 9 targets and 1 flag for --families all', () => {
    expect(planSummary(computePlan({ families: ['all'] }))).toBe('300 features, 9 targets and 1 flag');
  });

  it('leaves out what the plan does not hold', () => {
    expect(planSummary(computePlan({ features: ['returns_1d'] }))).toBe('1 feature');
    expect(planSummary([])).toBe('0 features');
  });
});
