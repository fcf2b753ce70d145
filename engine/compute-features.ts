/** Computing a feature plan over a whole panel at once, on a pool of worker threads. */
import type { FeatureDef } from '../kernels/feature-def.ts';
import { createFeaturePool, defaultWorkers } from './feature-pool.ts';
import type { Panel } from './panel.ts';

export { defaultWorkers };

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

/**
 * Computes the plan for every code of the panel. Workers write into preallocated shared columns and return only
 * timing; the same panel gives bit-identical columns whatever the worker count.
 */
export async function computeFeatures(panel: Panel, opts: ComputeOptions = {}): Promise<ComputeResult> {
  const pool = await createFeaturePool(panel, { ...opts, workers: opts.workers ?? defaultWorkers() });
  try {
    const r = await pool.computeBatch(0, panel.codes.length);
    return { plan: pool.plan, columns: r.columns, workers: pool.workers, shards: r.shards, computeMs: r.ms, startMs: pool.startMs };
  } finally {
    await pool.close();
  }
}
