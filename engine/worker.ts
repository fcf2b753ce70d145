/**
 * A compute worker. The panel's shared buffers and the output columns arrive once, in workerData; each task is
 * four numbers, and the answer is only timing: results are already in the shared output columns.
 */
import { workerData } from 'node:worker_threads';
import { featureByName } from '../kernels/registry.ts';
import { computeShard, makeScratch } from './compute-shard.ts';
import type { ShardResult, ShardTask, WorkerData } from './pool-types.ts';

const data = workerData as WorkerData;
const plan = data.plan.map(featureByName);
const scratch = makeScratch(data.offsets);
let base = -1;
let slot = -1;
let col: Record<string, Float64Array> = {};

/** Computes one shard in place; returns its row count and time. */
export default function run(task: ShardTask): ShardResult {
  const t0 = performance.now();
  if (task.base !== base || task.slot !== slot) {
    // Inputs are viewed from the batch's first row, so inputs and outputs share row indices inside the batch.
    base = task.base;
    slot = task.slot;
    col = { ...data.outputs[slot] };
    for (const [k, v] of Object.entries(data.inputs)) col[k] = v.subarray(base);
  }
  computeShard(plan, col, data.offsets, data.codes, task.codeLo, task.codeHi, scratch, base);
  return { rows: data.offsets[task.codeHi]! - data.offsets[task.codeLo]!, ms: performance.now() - t0 };
}
