/** The walk-forward ridge on columns in memory: normal equations per training segment, one solve per year, predictions. */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { makeDateShards } from '../../engine/date-index.ts';
import { sharedDateIndex } from '../evaluate.ts';
import type { EvalTable } from '../load-table.ts';
import { isoDay } from '../summarize.ts';
import { ridgeSolve } from './ridge.ts';
import type { GramResult, TrainInput, TrainTask } from './train-pass.ts';
import { trainingSegments, walkForward } from './walk-forward.ts';

export type FitOptions = { features: readonly string[]; target: string; gap: number; alpha: number; workers?: number };

export type FittedYear = {
  year: number; trainRows: number; trainLastDate: string | null; testFirstDate: string; testLastDate: string; lambda: number;
  coefficients: Record<string, number>;
};

export type Fit = {
  /** Out-of-sample prediction by row, NaN for rows no refit predicts. */
  prediction: Float64Array;
  refits: FittedYear[];
  /** Years left out: too few training rows (fewer than features + 1). */
  skippedYears: number[];
};

/** Fits and predicts on `workers` threads (default: available parallelism). */
export async function fitWalkForward(table: EvalTable, o: FitOptions): Promise<Fit> {
  const workers = o.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new Error(`--workers must be an integer from 1 to 256, got ${workers}`);
  if (!(o.alpha >= 0)) throw new Error(`--alpha must be >= 0, got ${o.alpha}`);
  const index = sharedDateIndex(table.date);
  const D = index.dates.length;
  const plan = walkForward(index.dates, o.gap);
  const col = (n: string): Float64Array => table.columns.get(n) ?? (() => { throw new Error(`no column "${n}" in the dataset`); })();
  const shared = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4), 0, n);
  const segment = shared(D);
  segment.set(trainingSegments(D, plan));
  const predictWith = shared(D).fill(-1);
  const prediction = new Float64Array(new SharedArrayBuffer(Math.max(1, table.rows) * 8), 0, table.rows).fill(Number.NaN);
  const input: TrainInput = { index, features: o.features.map(col), target: col(o.target), segment, segments: plan.length, predictWith, prediction };
  const shards = makeDateShards(index, workers * 4);
  const pool = new Piscina({ filename: new URL('./train-worker.ts', import.meta.url).href, minThreads: workers, maxThreads: workers, idleTimeout: 1000, workerData: input });
  try {
    const parts = (await Promise.all(shards.map((s) => pool.run({ kind: 'gram', dateLo: s.dateLo, dateHi: s.dateHi } satisfies TrainTask)))) as GramResult[];
    const m = o.features.length + 1;
    const xtx = new Float64Array(m * m);
    const xty = new Float64Array(m);
    let rows = 0;
    const coefs: Float64Array[] = [];
    const refits: FittedYear[] = [];
    const skippedYears: number[] = [];
    plan.forEach((r, k) => {
      // Expanding window: segment k's sums are added to every earlier one's (shards summed in date order).
      for (const p of parts) { rows += p.rows[k]!; for (let i = 0; i < m * m; i++) xtx[i]! += p.xtx[k]![i]!; for (let i = 0; i < m; i++) xty[i]! += p.xty[k]![i]!; }
      if (rows < m) { skippedYears.push(r.year); coefs.push(new Float64Array(m)); return; }
      const lambda = o.alpha * rows;
      const beta = ridgeSolve(xtx, xty, m, lambda);
      coefs.push(beta);
      for (let p = r.testLo; p < r.testHi; p++) predictWith[p] = k;
      refits.push({
        year: r.year, trainRows: rows, trainLastDate: r.trainHi > 0 ? isoDay(index.dates[r.trainHi - 1]!) : null,
        testFirstDate: isoDay(index.dates[r.testLo]!), testLastDate: isoDay(index.dates[r.testHi - 1]!), lambda,
        coefficients: Object.fromEntries([['intercept', beta[0]!], ...o.features.map((f, i) => [f, beta[i + 1]!] as const)]),
      });
    });
    await Promise.all(shards.map((s) => pool.run({ kind: 'predict', dateLo: s.dateLo, dateHi: s.dateHi, coefs } satisfies TrainTask)));
    return { prediction, refits, skippedYears };
  } finally {
    await pool.destroy();
  }
}
