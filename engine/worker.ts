/**
 * A compute worker. The panel's shared buffers and the output columns arrive once, in workerData; each task is
 * just a range of codes, and the answer is only timing: results are already in the shared output columns.
 */
import { workerData } from 'node:worker_threads';
import { featureByName } from '../kernels/registry.ts';
import { columnsOf, computeShard, makeScratch } from './compute-shard.ts';
import type { WorkerData, ShardTask, ShardResult } from './pool-types.ts';

const data = workerData as WorkerData;
const plan = data.plan.map(featureByName);
const col = columnsOf(data.inputs, data.outputs);
const scratch = makeScratch(data.offsets);

/** Computes one shard in place; returns its row count and time. */
export default function run(task: ShardTask): ShardResult {
  const t0 = performance.now();
  computeShard(plan, col, data.offsets, data.codes, task.codeLo, task.codeHi, scratch);
  return { rows: data.offsets[task.codeHi]! - data.offsets[task.codeLo]!, ms: performance.now() - t0 };
}
