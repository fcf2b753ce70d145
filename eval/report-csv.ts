/** eval.csv: one row per feature, the summary a spreadsheet sorts. */
import type { EvalReport, FeatureReport } from './summarize.ts';

const STATS = ['mean', 'sd', 'ir', 't', 'positive'] as const;

/** Header and rows of the per-feature summary (numbers in full precision, empty cells for undefined). */
export function reportCsv(report: EvalReport): string {
  const q = report.quantiles;
  const header = [
    'feature', 'family', 'coverage',
    ...STATS.map((s) => `rank_ic_${s}`), 'rank_ic_days', ...STATS.map((s) => `ic_${s}`), 'ic_days',
    ...report.decayTargets.map((t) => `decay_rank_ic_${t}`),
    ...Array.from({ length: q }, (_, k) => `q${k + 1}_mean`), 'spread_mean', 'spread_t', 'spread_days', 'quantile_dates_skipped',
    'top_turnover', 'most_correlated', 'most_correlated_corr',
  ];
  const lines = [header.join(',')];
  for (const f of report.features) lines.push(row(f, report).map(cell).join(','));
  return `${lines.join('\n')}\n`;
}

function row(f: FeatureReport, r: EvalReport): (string | number)[] {
  return [
    f.name, f.family, f.coverage,
    ...STATS.map((s) => f.rankIc[s]), f.rankIc.n, ...STATS.map((s) => f.ic[s]), f.ic.n,
    ...r.decayTargets.map((t) => f.decay[t] ?? Number.NaN),
    ...f.quantileMeans, f.spread.mean, f.spread.t, f.spread.n, f.quantileDatesSkipped,
    f.topTurnover, f.mostCorrelated?.name ?? '', f.mostCorrelated?.corr ?? Number.NaN,
  ];
}

function cell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
