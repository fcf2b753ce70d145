/** Runs the per-date pass on a piscina pool: date shards balanced by rows (engine/date-index.ts), four per worker. */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { makeDateShards } from '../engine/date-index.ts';
import { allocatePassOutput, pairIndex, type PassInput, type PassOutput, type PassTask } from './pass-types.ts';

export type PassRun = {
  out: PassOutput;
  /** Mean feature-to-feature rank correlation over dates, `[i * F + j]` (symmetric, 1 on the diagonal, NaN without dates). */
  corr: Float64Array;
  /** Dates that gave each pair a correlation. */
  corrDates: Float64Array;
  workers: number;
  ms: number;
};

/** Computes every per-date statistic of `input` on `workers` threads (default: available parallelism). */
export async function runPassPool(input: PassInput, workers = availableParallelism()): Promise<PassRun> {
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new Error(`--workers must be an integer from 1 to 256, got ${workers}`);
  const t0 = performance.now();
  const F = input.features.length;
  const D = input.index.dates.length;
  const out = allocatePassOutput(F, D, input.targets.length, input.quantiles);
  const shards = makeDateShards(input.index, workers * 4);
  const pool = new Piscina({
    filename: new URL('./pass-worker.ts', import.meta.url).href,
    minThreads: Math.min(workers, shards.length), maxThreads: Math.min(workers, Math.max(1, shards.length)),
    idleTimeout: 1000, workerData: { input, out },
  });
  try {
    await Promise.all(shards.map((s) => pool.run({ dateLo: s.dateLo, dateHi: s.dateHi } satisfies PassTask)));
    const corr = new Float64Array(F * F).fill(Number.NaN);
    const corrDates = new Float64Array(F * F);
    for (let a = 0; a < F; a++) {
      corr[a * F + a] = 1;
      for (let b = a + 1; b < F; b++) {
        // Summed in date order, so the mean is the same bits on any number of workers.
        const at = pairIndex(a, b, F) * D;
        let sum = 0;
        let c = 0;
        for (let d = 0; d < D; d++) { const r = out.pairCorr[at + d]!; if (r === r) { sum += r; c++; } }
        const v = c > 0 ? sum / c : Number.NaN;
        corr[a * F + b] = v; corr[b * F + a] = v;
        corrDates[a * F + b] = c; corrDates[b * F + a] = c;
      }
    }
    return { out, corr, corrDates, workers, ms: performance.now() - t0 };
  } finally {
    await pool.destroy();
  }
}
