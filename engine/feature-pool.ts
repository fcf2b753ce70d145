/**
 * A piscina pool that computes a feature plan over a panel batch by batch. The batch-sized output columns reach each
 * worker once, at start, and the workers fault their pages in straight away; the panel's views come with each task
 * (codeLo, codeHi, base, slot). So a pool can be started before the panel exists (startFeaturePool) and its start-up
 * overlaps the panel's assembly. Memory for features is bounded by the largest batch, not the panel.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { FeatureDef } from '../kernels/feature-def.ts';
import { computePlan } from '../kernels/registry.ts';
import { runDatePass, type DatePassResult } from './date-pass-pool.ts';
import { finishRows, splitPlan } from './date-pass.ts';
import { allocateOutputs } from './feature-columns.ts';
import type { Panel } from './panel.ts';
import type { PanelInputs, ShardResult, ShardTask, WorkerData } from './pool-types.ts';
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
  /** The per-date pass (run once, before the first batch, when the plan has date features); undefined without one. */
  datePass(): Promise<DatePassResult | undefined>;
  close(): Promise<void>;
};

/** The default worker count: the machine's available parallelism. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** A pool started before its panel exists: `attach` hands it the panel once assembled. */
export type StartedPool = {
  /** Waits for the workers and returns the pool for this panel (at most `capacity` rows per batch). */
  attach(panel: Panel): Promise<FeaturePool>;
  /** Stops the workers (when the run fails before attaching). */
  close(): Promise<void>;
};

let panelIds = 0;

/** Starts the workers and their output slots of `capacity` rows each; the panel follows with attach(). */
export function startFeaturePool(capacity: number, opts: FeaturePoolOptions = {}): StartedPool {
  const workers = opts.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new Error(`workers must be an integer from 1 to 256, got ${workers}`);
  const plan = computePlan({ features: opts.features, families: opts.families });
  // Per-date features are computed once for the whole panel (date-pass-pool.ts); the slots hold the per-code ones.
  const split = splitPlan(plan);
  const rowsCap = Math.max(1, Math.min(capacity, opts.maxBatchRows ?? capacity));
  // The date features kept per date (their `perDate`) get their rows' values in the batch's slot, from the pass's numbers.
  const finished = split.date.filter((f) => f.perDate !== undefined);
  const outputs = Array.from({ length: opts.slots ?? 1 }, () => allocateOutputs([...split.code, ...finished], rowsCap));
  const touchers = Math.max(1, Math.min(workers, availableParallelism() - 1));
  const workerData: WorkerData = { plan: split.code.map((f) => f.name), outputs, touched: new Int32Array(new SharedArrayBuffer(8)), touchers };
  const t0 = performance.now();
  const pool = new Piscina({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: workers, maxThreads: workers, idleTimeout: 60_000, workerData,
  });
  let closed: Promise<void> | undefined;
  const stop = (): Promise<void> => (closed ??= pool.destroy());
  return {
    close: stop,
    async attach(panel) {
      const { open, high, low, close, volume, turnover, mkt } = panel;
      const view: PanelInputs = { id: ++panelIds, codes: panel.codes, offsets: panel.offsets, inputs: { open, high, low, close, volume, turnover, mkt } };
      try {
        // Every thread has loaded the worker module (and touched its share of the outputs) before any timing starts.
        await Promise.all(Array.from({ length: workers }, () => pool.run({ codeLo: 0, codeHi: 0, base: 0, slot: 0, panel: view } satisfies ShardTask)));
      } catch (e) {
        await stop();
        throw e;
      }
      const startMs = performance.now() - t0;
      // The event families' join inputs ride along with each shard only when the plan has event columns (read at each
      // batch: the caller may attach them to the panel after starting the per-date pass, which does not read them).
      const withEvents = plan.some((f) => f.pass === 'event');
      let datePass: Promise<DatePassResult> | undefined;
      let day: Int32Array | undefined;
      const runDates = (): Promise<DatePassResult> => (datePass ??= runDatePass(pool, panel, view, split, workers * (opts.shardsPerWorker ?? 4)));
      return {
        plan, workers, startMs,
        datePass: () => (split.date.length === 0 ? Promise.resolve(undefined) : runDates()),
        async computeBatch(codeLo, codeHi, slot = 0) {
          if (!(slot >= 0 && slot < outputs.length)) throw new Error(`output slot ${slot} does not exist (the pool has ${outputs.length})`);
          const base = panel.offsets[codeLo]!;
          const rows = panel.offsets[codeHi]! - base;
          if (rows > rowsCap) throw new Error(`batch of ${rows} rows is larger than the pool's ${rowsCap}`);
          const sub = panel.offsets.subarray(codeLo, codeHi + 1);
          const shards = makeShards(sub, workers * (opts.shardsPerWorker ?? 4))
            .map((s): ShardTask => ({ codeLo: s.codeLo + codeLo, codeHi: s.codeHi + codeLo, base, slot, panel: view, events: withEvents ? panel.events : undefined }));
          const t = performance.now();
          // No per-code feature reads a date feature, so the shards are queued beside the per-date pass (the first
          // batch's fill the threads' idle time between the pass's steps) rather than after it.
          const [dates] = await Promise.all([
            split.date.length === 0 ? undefined : runDates(),
            Promise.all(shards.map((s) => pool.run(s) as Promise<ShardResult>)),
          ]);
          const columns: Record<string, Float64Array> = {};
          for (const [k, v] of Object.entries(outputs[slot]!)) columns[k] = v.subarray(0, rows);
          if (dates !== undefined) {
            for (const [k, v] of Object.entries(dates.outputs)) columns[k] = v.subarray(base, base + rows);
            finishRows(finished, dates.summaries, dates.places, panel.date.subarray(base, base + rows), rows, columns, columns, (day ??= new Int32Array(rowsCap)));
          }
          return { columns, ms: performance.now() - t, shards: shards.length };
        },
        close: stop,
      };
    },
  };
}

/** Starts the workers for this panel. */
export async function createFeaturePool(panel: Panel, opts: FeaturePoolOptions = {}): Promise<FeaturePool> {
  return startFeaturePool(panel.rows, opts).attach(panel);
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
