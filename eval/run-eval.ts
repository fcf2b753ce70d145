/** `gq eval`: reads a dataset, scores its features, writes eval.json, eval.csv and eval.html. */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { selectFeatures } from './columns.ts';
import { evalTargets, evaluateTable } from './evaluate.ts';
import { loadEvalTable, numericColumns } from './load-table.ts';
import { withOutFolder } from './out-folder.ts';
import { reportCsv } from './report-csv.ts';
import { reportJson } from './report-json.ts';
import type { EvalReport } from './summarize.ts';

export type EvalCommandOptions = {
  dataset: string;
  target?: string;
  horizon?: number;
  features?: string[];
  families?: string[];
  quantiles?: number;
  out?: string;
  workers?: number;
  /** Skip eval.html (its charts take most of the report's time). */
  html?: boolean;
};

/** How the statistics treat ties, nulls and small dates; written into eval.json. */
export const EVAL_RULES: Record<string, string> = {
  pairs: 'per feature and date, the codes where both the feature and the target are non-null',
  rank_ic: 'Spearman: Pearson correlation of average ranks (ties get the mean rank, as pandas rank(method="average")) over the pairs; null under 3 pairs or when a side is constant',
  ic: 'Pearson correlation over the pairs; null under 3 pairs or when a side is constant',
  summaries: 'mean, sample sd (ddof 1), IR = mean/sd, t = IR*sqrt(days), positive = share of days > 0, over the days with a value',
  quantiles: 'pd.qcut(feature, q, labels=False) over the pairs of each date (numpy linear quantile edges; alphalens quantize_factor); a date whose edges are not unique (heavy ties, a single code) has no buckets, as alphalens with no_raise; with fewer codes than buckets some buckets are empty that day',
  quantile_means: 'per date the mean target of each bucket, then the mean over dates (each date weighted equally; raw, not demeaned)',
  spread: 'top bucket minus bottom bucket per date; the cumulative path adds spread/horizon each date (an h-day return taken as h equal daily slices, no compounding)',
  turnover: 'share of the top bucket\'s codes not in it on the previous date that had buckets (alphalens quantile_turnover)',
  feature_corr: 'per date each feature ranked over its own non-null codes, Pearson correlation of two features\' ranks over the codes where both are non-null (at least 3), mean over dates',
};

/** Runs gq eval and returns the report and the files written. */
export async function runEval(o: EvalCommandOptions): Promise<{ report: EvalReport; files: Record<string, string> }> {
  const t0 = performance.now();
  const numeric = await numericColumns(o.dataset);
  const { targets } = evalTargets(numeric, o.target, o.horizon, o.dataset);
  const features = selectFeatures(numeric, o);
  return withOutFolder(o.out ?? join(dirname(o.dataset), 'eval'), o.out !== undefined, 'eval/ next to the dataset', async (dir) => {
    const table = await loadEvalTable(o.dataset, [...new Set([...features, ...targets])], o.workers);
    const t1 = performance.now();
    const report = await evaluateTable(table, { features, target: o.target, horizon: o.horizon, quantiles: o.quantiles, workers: o.workers });
    report.timing = { read_s: (t1 - t0) / 1000, ...report.timing };
    const files = await writeEvalReport(report, dir, o.dataset, o.html !== false, o.workers);
    return { report, files };
  });
}

/**
 * Writes eval.json, eval.csv and (unless `html` is false) eval.html into `dir`, each atomically. Without html, an
 * eval.html an earlier run left in `dir` is removed: it would describe another report than the eval.json beside it.
 */
export async function writeEvalReport(report: EvalReport, dir: string, dataset: string, html: boolean, workers?: number): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = { json: join(dir, 'eval.json'), csv: join(dir, 'eval.csv') };
  if (html) {
    const t = performance.now();
    const { reportHtml } = await import('./report-html.ts');
    files.html = join(dir, 'eval.html');
    await writeFileAtomic(files.html, await reportHtml(report, dataset, workers));
    report.timing.html_s = (performance.now() - t) / 1000;
  } else {
    await rm(join(dir, 'eval.html'), { force: true });
  }
  await writeFileAtomic(files.csv, reportCsv(report));
  await writeFileAtomic(files.json, reportJson({ dataset, rules: EVAL_RULES, ...report }));
  return files;
}
