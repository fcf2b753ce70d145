/**
 * A piscina pool that computes a feature plan over a panel batch by batch. The panel's input buffers and one set of
 * batch-sized output columns reach each worker once, at start; a batch's tasks are (codeLo, codeHi, base) triples.
 * Memory for features is bounded by the largest batch, not the panel.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { FeatureDef } from '../kernels/feature-def.ts';
import { computePlan } from '../kernels/registry.ts';
import { allocateOutputs } from './feature-columns.ts';
import type { Panel } from './panel.ts';
import type { ShardResult, WorkerData } from './pool-types.ts';
import { makeShards } from './shards.ts';

export type FeaturePoolOptions = {
  /** Worker threads (default: available parallelism). */
  workers?: number;
  /** Features to compute (with their dependencies); default every feature. */
  features?: readonly string[];
  families?: readonly string[];
  /** Rows of the largest batch the pool will be asked for (default: the whole panel). */
  maxBatchRows?: number;
  /** Shards per worker in a batch (default 4). */
  shardsPerWorker?: number;
  /** Output slots (default 1); with 2, batch k can be written from one slot while batch k+1 is computed into the other. */
  slots?: number;
};

export type FeaturePool = {
  plan: FeatureDef[];
  workers: number;
  /** Time to start the threads and load the worker module. */
  startMs: number;
  /** Computes codes [codeLo, codeHi) into output `slot` (default 0); the views stay valid until that slot is reused. */
  computeBatch(codeLo: number, codeHi: number, slot?: number): Promise<{ columns: Record<string, Float64Array>; ms: number; shards: number }>;
  close(): Promise<void>;
};

/** The default worker count: the machine's available parallelism. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Starts the workers for this panel. */
export async function createFeaturePool(panel: Panel, opts: FeaturePoolOptions = {}): Promise<FeaturePool> {
  const workers = opts.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new Error(`workers must be an integer from 1 to 256, got ${workers}`);
  const plan = computePlan({ features: opts.features, families: opts.families });
  const capacity = Math.max(1, Math.min(panel.rows, opts.maxBatchRows ?? panel.rows));
  const outputs = Array.from({ length: opts.slots ?? 1 }, () => allocateOutputs(plan, capacity));
  const { open, high, low, close, volume, turnover, mkt } = panel;
  const workerData: WorkerData = {
    plan: plan.map((f) => f.name), codes: panel.codes, offsets: panel.offsets,
    inputs: { open, high, low, close, volume, turnover, mkt }, outputs,
  };
  const t0 = performance.now();
  const pool = new Piscina({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: workers, maxThreads: workers, idleTimeout: 60_000, workerData,
  });
  try {
    // Load the worker module on every thread before any timing starts.
    await Promise.all(Array.from({ length: workers }, () => pool.run({ codeLo: 0, codeHi: 0, base: 0, slot: 0 })));
  } catch (e) {
    await pool.destroy();
    throw e;
  }
  const startMs = performance.now() - t0;
  return {
    plan, workers, startMs,
    async computeBatch(codeLo, codeHi, slot = 0) {
      if (!(slot >= 0 && slot < outputs.length)) throw new Error(`output slot ${slot} does not exist (the pool has ${outputs.length})`);
      const base = panel.offsets[codeLo]!;
      const rows = panel.offsets[codeHi]! - base;
      if (rows > capacity) throw new Error(`batch of ${rows} rows is larger than the pool's ${capacity}`);
      const sub = panel.offsets.subarray(codeLo, codeHi + 1);
      const shards = makeShards(sub, workers * (opts.shardsPerWorker ?? 4)).map((s) => ({ codeLo: s.codeLo + codeLo, codeHi: s.codeHi + codeLo, base, slot }));
      const t = performance.now();
      await Promise.all(shards.map((s) => pool.run(s) as Promise<ShardResult>));
      const columns: Record<string, Float64Array> = {};
      for (const [k, v] of Object.entries(outputs[slot]!)) columns[k] = v.subarray(0, rows);
      return { columns, ms: performance.now() - t, shards: shards.length };
    },
    close: () => pool.destroy(),
  };
}

/** Contiguous code ranges of at most `maxRows` rows each (a code longer than that gets a batch of its own). */
export function codeBatches(offsets: Int32Array, maxRows: number): [number, number][] {
  const n = offsets.length - 1;
  const out: [number, number][] = [];
  let lo = 0;
  while (lo < n) {
    let hi = lo + 1;
    while (hi < n && offsets[hi + 1]! - offsets[lo]! <= maxRows) hi++;
    out.push([lo, hi]);
    lo = hi;
  }
  return out;
}
