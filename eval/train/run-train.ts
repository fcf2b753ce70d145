/** `gq train`: the walk-forward ridge baseline; writes predictions.parquet, model.json and the predictions' eval report. */
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.ts';
import { writeParquet } from '../../io/parquet/write-parquet.ts';
import { selectFeatures } from '../columns.ts';
import { evalTargets, evaluateTable } from '../evaluate.ts';
import { loadEvalTable, numericColumns, type EvalTable } from '../load-table.ts';
import { withOutFolder } from '../out-folder.ts';
import { writeEvalReport } from '../run-eval.ts';
import type { EvalReport } from '../summarize.ts';
import { fitWalkForward, type FittedYear } from './fit.ts';
import { noOutOfSampleRows } from './no-out-of-sample.ts';

export type TrainOptions = {
  dataset: string; target?: string; horizon?: number; gap?: number; alpha?: number;
  features?: string[]; families?: string[]; out?: string; workers?: number; html?: boolean;
};

export type TrainResult = {
  features: string[];
  model: { target: string; horizon: number; gap: number; alpha: number; refits: FittedYear[]; skippedYears: number[] };
  predictedRows: number;
  report: EvalReport;
  files: Record<string, string>;
};

/** The rows a prediction exists for, as a table of prediction + targets (for its eval report). */
export function predictionTable(table: EvalTable, prediction: Float64Array, targets: readonly string[]): EvalTable {
  let n = 0;
  for (let i = 0; i < table.rows; i++) if (prediction[i] === prediction[i]) n++;
  const date = new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4), 0, n);
  const code = new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4), 0, n);
  const cols = ['prediction', ...targets].map((name) => [name, new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8), 0, n)] as const);
  const src = [prediction, ...targets.map((t) => table.columns.get(t)!)];
  let k = 0;
  for (let i = 0; i < table.rows; i++) {
    if (prediction[i] !== prediction[i]) continue;
    date[k] = table.date[i]!;
    code[k] = table.code[i]!;
    for (let c = 0; c < cols.length; c++) cols[c]![1][k] = src[c]![i]!;
    k++;
  }
  return { rows: n, date, code, codes: table.codes, columns: new Map(cols) };
}

/** Runs gq train. */
export async function runTrain(o: TrainOptions): Promise<TrainResult> {
  const numeric = await numericColumns(o.dataset);
  const { target, horizon, targets } = evalTargets(numeric, o.target, o.horizon, o.dataset);
  const features = selectFeatures(numeric, o);
  const gap = o.gap ?? horizon;
  const alpha = o.alpha ?? 1;
  return withOutFolder(o.out ?? join(dirname(o.dataset), 'train'), o.out !== undefined, 'train/ next to the dataset', async (dir) => {
    const table = await loadEvalTable(o.dataset, [...new Set([...features, ...targets])], o.workers);
    const fit = await fitWalkForward(table, { features, target, gap, alpha, workers: o.workers });
    const oos = predictionTable(table, fit.prediction, targets);
    if (oos.rows === 0) throw new Error(noOutOfSampleRows(o.dataset, table.date, fit.skippedYears));
    const report = await evaluateTable(oos, { features: ['prediction'], target, horizon, workers: o.workers });
    const files: Record<string, string> = { predictions: join(dir, 'predictions.parquet'), model: join(dir, 'model.json') };
    await writeParquet(files.predictions!, [
      { name: 'Code', kind: 'dict', indices: oos.code, dictionary: oos.codes },
      { name: 'Date', kind: 'date', values: oos.date },
      { name: 'prediction', kind: 'f64', values: oos.columns.get('prediction')! },
    ]);
    const model = { target, horizon, gap, alpha, refits: fit.refits, skippedYears: fit.skippedYears };
    await writeFileAtomic(files.model!, `${JSON.stringify({ dataset: o.dataset, features, ...model }, null, 1)}\n`);
    Object.assign(files, await writeEvalReport(report, dir, `${o.dataset} (gq train predictions)`, o.html !== false, o.workers));
    return { features, model, predictedRows: oos.rows, report, files };
  });
}
