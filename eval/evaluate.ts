/** `gq eval` on columns already in memory: the per-date pass on the pool, then the summaries. */
import { buildDateIndex, type DateIndex } from '../engine/date-index.ts';
import { decayTargetNames, targetHorizon } from './columns.ts';
import type { EvalTable } from './load-table.ts';
import { missingTargetMessage } from './missing-target.ts';
import { runPassPool } from './pass-pool.ts';
import { summarize, type EvalReport } from './summarize.ts';

export type EvaluateOptions = {
  features: readonly string[];
  /** Main target (default target_5d). */
  target?: string;
  /** Its horizon in rows (default: from the name, target_<h>d). */
  horizon?: number;
  /** Buckets per date (default 5). */
  quantiles?: number;
  workers?: number;
};

/** The date-major index of a table, over SharedArrayBuffers so workers share it. */
export function sharedDateIndex(date: Int32Array): DateIndex {
  const ix = buildDateIndex(date);
  const share = (a: Int32Array): Int32Array => {
    const s = new Int32Array(new SharedArrayBuffer(Math.max(1, a.length) * 4), 0, a.length);
    s.set(a);
    return s;
  };
  return { dates: share(ix.dates), offsets: share(ix.offsets), rows: share(ix.rows) };
}

/**
 * The main target, its horizon and every target column the evaluation reads (main first, then the decay ones present),
 * among the dataset's `columns` (`dataset` names it in the error when the target is missing).
 */
export function evalTargets(columns: readonly string[], given?: string, horizon?: number, dataset?: string): { target: string; horizon: number; targets: string[]; decay: string[] } {
  const target = given ?? 'target_5d';
  const available = (name: string): boolean => columns.includes(name);
  if (!available(target)) throw new Error(missingTargetMessage(target, given !== undefined, columns, dataset));
  const named = targetHorizon(target);
  // A horizon shorter than the label's shortens gq train's default gap: training labels would reach into the test year.
  if (horizon !== undefined && named !== undefined && horizon !== named) {
    throw new Error(`--horizon ${horizon} disagrees with the target ${target}, whose name says it looks ${named} rows ahead; leave --horizon out (it is for targets whose name does not say)`);
  }
  const h = horizon ?? named;
  if (h === undefined || !Number.isInteger(h) || h < 1) throw new Error(`--target ${target}: cannot tell its horizon from the name; give --horizon N (rows)`);
  const decay = decayTargetNames(target).filter(available);
  return { target, horizon: h, targets: [target, ...decay.filter((t) => t !== target)], decay };
}

/** Evaluates `features` of a table against its targets. */
export async function evaluateTable(table: EvalTable, o: EvaluateOptions): Promise<EvalReport> {
  const t0 = performance.now();
  const quantiles = o.quantiles ?? 5;
  if (!Number.isInteger(quantiles) || quantiles < 2 || quantiles > 100) throw new Error(`--quantiles must be an integer from 2 to 100, got ${quantiles}`);
  const { target, horizon, targets, decay } = evalTargets([...table.columns.keys()], o.target, o.horizon);
  const index = sharedDateIndex(table.date);
  const col = (n: string): Float64Array => {
    const c = table.columns.get(n);
    if (c === undefined) throw new Error(`no column "${n}" in the dataset`);
    return c;
  };
  const t1 = performance.now();
  const run = await runPassPool({
    code: table.code, codeCount: table.codes.length, index, quantiles,
    features: o.features.map(col), targets: targets.map(col),
  }, o.workers);
  const t2 = performance.now();
  const report = summarize(run, {
    features: o.features, targets, decayTargets: decay, target, horizon, quantiles, rows: table.rows, codes: table.codes.length, dates: index.dates,
  });
  return { ...report, workers: run.workers, timing: { index_s: (t1 - t0) / 1000, pass_s: (t2 - t1) / 1000, summary_s: (performance.now() - t2) / 1000 } };
}
