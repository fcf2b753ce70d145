import { describe, expect, it } from 'vitest';
import { printEvalSummary } from '../../eval/print-summary.ts';
import type { EvalReport, FeatureReport } from '../../eval/summarize.ts';
import { noOutOfSampleRows } from '../../eval/train/no-out-of-sample.ts';

const stats = (n: number, mean: number, t: number) => ({ n, mean, sd: Number.NaN, ir: Number.NaN, t, positive: 1 });

function report(features: Partial<FeatureReport>[]): EvalReport {
  return {
    target: 'target_5d', horizon: 5, quantiles: 5, rows: 10, codes: 10, dates: ['2026-01-05'], decayTargets: [], featureCorr: [], workers: 1, timing: {},
    features: features.map((f) => ({ name: 'x', rankIc: stats(0, Number.NaN, Number.NaN), ...f }) as FeatureReport),
  };
}

describe('what gq eval prints', () => {
  it('a t statistic of a single day is "n/a", and each line says how many days its mean is over', () => {
    const text = printEvalSummary(report([{ name: 'rsi_14', rankIc: stats(1, 0.25, Number.NaN) }]), { json: 'e/eval.json' }, 0.1);
    expect(text).not.toContain('NaN');
    expect(text).toMatch(/rsi_14 +rank IC +0\.2500 +t +n\/a +1 day\n/);
  });

  it('says "1 feature x 1 date", not "1 features x 1 dates"', () => {
    expect(printEvalSummary(report([{ name: 'rsi_14', rankIc: stats(1, 0.25, Number.NaN) }]), {}, 0.1)).toMatch(/^gq eval: 1 feature x 1 date \(10 rows\)/);
  });

  it('with no rank IC on any date it says why instead of listing nothing', () => {
    expect(printEvalSummary(report([{ name: 'flat' }]), {}, 0.1)).toContain('no feature has a rank IC on any date');
  });

  it('gq train on a dataset within one calendar year says so, with its first and last date', () => {
    const days = Int32Array.from([20658, 20700]);
    expect(noOutOfSampleRows('d.parquet', days, [])).toBe('--dataset d.parquet: no out-of-sample rows: the walk-forward refits once per calendar year and the first year only trains, so it needs dates in at least two calendar years; its dates run from 2026-07-24 to 2026-09-04');
    expect(noOutOfSampleRows('d.parquet', days, [2026])).toMatch(/every test year \(2026\) had fewer training rows/);
  });
});
