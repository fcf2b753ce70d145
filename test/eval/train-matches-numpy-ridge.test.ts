import { describe, expect, it } from 'vitest';
import { loadEvalTable } from '../../eval/load-table.ts';
import { fitWalkForward } from '../../eval/train/fit.ts';
import { expectClose, expected, goldenParquet, inTableOrder } from './golden-case.ts';

const want = expected();

describe('gq train against numpy (fixtures/eval/make_reference.py)', () => {
  it('gives the out-of-sample predictions of a yearly ridge refit by numpy lstsq on per-date z-scores', async () => {
    const path = await goldenParquet();
    const table = await loadEvalTable(path, [...want.features, ...want.targets], 1);
    const fit = await fitWalkForward(table, { features: want.features, target: want.target, gap: want.train.gap, alpha: want.train.alpha, workers: 2 });
    expect(fit.refits.map((r) => r.year)).toEqual(want.train.model.map((m: { year: number }) => m.year));
    expect(fit.refits.map((r) => r.trainRows)).toEqual(want.train.model.map((m: { train_rows: number }) => m.train_rows));
    for (const [k, r] of fit.refits.entries()) {
      expectClose(Object.values(r.coefficients), want.train.model[k].coef, `coefficients ${r.year}`);
    }
    expectClose(fit.prediction, inTableOrder(want.train.prediction, table), 'prediction');
  });
});
