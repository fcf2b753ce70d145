/** Computing a feature plan over a whole panel on a piscina pool of worker threads. */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { FeatureDef } from '../kernels/feature-def.ts';
import { computePlan } from '../kernels/registry.ts';
import { allocateOutputs } from './feature-columns.ts';
import type { Panel } from './panel.ts';
import type { ShardResult, WorkerData } from './pool-types.ts';
import { makeShards } from './shards.ts';

export type ComputeOptions = {
  /** Worker threads (default: available parallelism). */
  workers?: number;
  /** Features to compute (with their dependencies); default every feature. */
  features?: readonly string[];
  families?: readonly string[];
  /** Shards per worker (default 4). */
  shardsPerWorker?: number;
};

export type ComputeResult = {
  plan: FeatureDef[];
  /** Output columns by feature name (NaN = null), over SharedArrayBuffers. */
  columns: Record<string, Float64Array>;
  workers: number;
  shards: number;
  /** Wall time of the computation alone, pool start excluded. */
  computeMs: number;
  /** Time to start the pool and load the workers. */
  startMs: number;
};

/** The default worker count: the machine's available parallelism. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Computes the plan for every code of the panel. Workers write into preallocated shared columns and return only
 * timing; the same panel gives bit-identical columns whatever the worker count.
 */
export async function computeFeatures(panel: Panel, opts: ComputeOptions = {}): Promise<ComputeResult> {
  const workers = opts.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new Error(`workers must be an integer from 1 to 256, got ${workers}`);
  const plan = computePlan({ features: opts.features, families: opts.families });
  const columns = allocateOutputs(plan, panel.rows);
  const { open, high, low, close, volume, turnover, mkt } = panel;
  const workerData: WorkerData = {
    plan: plan.map((f) => f.name), codes: panel.codes, offsets: panel.offsets,
    inputs: { open, high, low, close, volume, turnover, mkt }, outputs: columns,
  };
  const t0 = performance.now();
  const pool = new Piscina({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: workers, maxThreads: workers, idleTimeout: 60_000, workerData,
  });
  const shards = makeShards(panel.offsets, workers * (opts.shardsPerWorker ?? 4));
  try {
    // Start every thread before timing, so compute time is compute alone.
    await Promise.all(Array.from({ length: workers }, () => pool.run({ codeLo: 0, codeHi: 0 })));
    const t1 = performance.now();
    await Promise.all(shards.map((s) => pool.run(s) as Promise<ShardResult>));
    const t2 = performance.now();
    return { plan, columns, workers, shards: shards.length, computeMs: t2 - t1, startMs: t1 - t0 };
  } finally {
    await pool.destroy();
  }
}
