import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateTable } from '../../eval/evaluate.ts';
import { loadEvalTable } from '../../eval/load-table.ts';
import type { EvalReport } from '../../eval/summarize.ts';
import { expectClose, expected, goldenParquet } from './golden-case.ts';

const want = expected();
let report: EvalReport;

beforeAll(async () => {
  const path = await goldenParquet();
  const table = await loadEvalTable(path, [...want.features, ...want.targets], 1);
  report = await evaluateTable(table, { features: want.features, target: want.target, workers: 2 });
});

const byName = (name: string) => report.features.find((f) => f.name === name)!;
const stats = ['n', 'mean', 'sd', 'ir', 't', 'positive'] as const;

describe('gq eval against pandas and scipy (fixtures/eval/make_reference.py)', () => {
  it('covers the same dates', () => {
    expect(report.dates).toEqual(want.dates);
  });

  for (const f of ['f_signal', 'f_ties', 'f_sparse', 'f_flat_days']) {
    it(`gives ${f} the daily rank IC of scipy's spearmanr against every target and the IC of pearsonr`, () => {
      const r = byName(f);
      expectClose(r.daily.ic, want.per_date[f].ic, `${f} ic`);
      expectClose(r.daily.rankIc, want.per_date[f].rank_ic[want.target], `${f} rank ic`);
    });

    it(`gives ${f} pandas' qcut buckets, their daily means and the top bucket's turnover`, () => {
      const r = byName(f);
      const s = want.summary[f];
      expectClose(r.quantileMeans, s.quantile_means, `${f} quantile means`);
      expectClose(r.daily.turnover, want.per_date[f].turnover, `${f} turnover`);
      expectClose(r.daily.spreadCum, s.spread_cum, `${f} cumulative spread`);
      expectClose([r.topTurnover], [s.top_turnover], `${f} mean turnover`);
      expectClose(stats.map((k) => r.spread[k]), stats.map((k) => s.spread[k]), `${f} spread stats`);
    });

    it(`summarises ${f} as the reference does, overall, by year and as a decay over horizons`, () => {
      const r = byName(f);
      const s = want.summary[f];
      expectClose(stats.map((k) => r.rankIc[k]), stats.map((k) => s.rank_ic[k]), `${f} rank ic stats`);
      expectClose(stats.map((k) => r.ic[k]), stats.map((k) => s.ic[k]), `${f} ic stats`);
      for (const y of r.byYear) expectClose(stats.map((k) => y.rankIc[k]), stats.map((k) => s.by_year[String(y.year)].rank_ic[k]), `${f} ${y.year}`);
      expect(r.byYear.map((y) => String(y.year))).toEqual(Object.keys(s.by_year));
      expectClose(want.targets.map((t: string) => r.decay[t]!), want.targets.map((t: string) => s.decay[t]), `${f} decay`);
      expectClose([r.coverage], [want.coverage[f]], `${f} coverage`);
    });
  }

  it('gives the mean over dates of the feature-to-feature rank correlation of pandas', () => {
    const F = want.features.length;
    for (let a = 0; a < F; a++) expectClose(report.featureCorr[a]!, want.feature_corr[a], `corr row ${a}`);
  });

  it('leaves out of the buckets exactly the dates pandas refuses (a single code, repeated edges), and keeps a 3-code date', () => {
    for (const f of want.features) {
      const pd = want.per_date[f];
      const refused = pd.pairs.filter((p: number, d: number) => p > 0 && pd.q_count[0][d] === null).length;
      expect(byName(f).quantileDatesSkipped, f).toBe(refused);
    }
    expect(byName('f_ties').quantileDatesSkipped).toBeGreaterThan(byName('f_signal').quantileDatesSkipped);
    expect(want.per_date.f_signal.pairs).toContain(3);
  });
});
