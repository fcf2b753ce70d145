/**
 * A compute worker. The output columns arrive once, in workerData; before the first task it faults their pages in
 * (sharing the columns with the other workers through a counter), which overlaps the main thread's assembly of the
 * panel. Each task brings the panel's views and four numbers; the answer is only timing: results are already in the
 * shared output columns.
 */
import { workerData } from 'node:worker_threads';
import { featureByName } from '../kernels/registry.ts';
import { computeShard, makeScratch, type Scratch } from './compute-shard.ts';
import { runDatePassTask, type DatePassTask } from './date-pass-worker.ts';
import { eventFamiliesOf, eventShard } from './events/event-shard.ts';
import type { PanelInputs, ShardResult, ShardTask, WorkerData } from './pool-types.ts';

const data = workerData as WorkerData;
const plan = data.plan.map(featureByName);
const eventFamilies = eventFamiliesOf(plan.filter((f) => f.pass === 'event').map((f) => f.name));
touchOutputs(data);
let panel: PanelInputs | undefined;
let scratch: Scratch | undefined;
let base = -1;
let slot = -1;
let col: Record<string, Float64Array> = {};

/** Computes one shard in place (or a task of the per-date pass); returns its row count and time. */
export default function run(task: ShardTask | DatePassTask): ShardResult {
  if ('kind' in task) return runDatePassTask(task);
  const t0 = performance.now();
  if (panel === undefined || task.panel.id !== panel.id) {
    panel = task.panel;
    scratch = makeScratch(panel.offsets);
    base = -1;
  }
  if (task.base !== base || task.slot !== slot) {
    // Inputs are viewed from the batch's first row, so inputs and outputs share row indices inside the batch.
    base = task.base;
    slot = task.slot;
    col = { ...data.outputs[slot] };
    for (const [k, v] of Object.entries(panel.inputs)) col[k] = v.subarray(base);
  }
  computeShard(plan, col, panel.offsets, panel.codes, task.codeLo, task.codeHi, scratch!, base);
  eventShard(task.events, eventFamilies, panel.offsets, task.codeLo, task.codeHi, base, col);
  return { rows: panel.offsets[task.codeHi]! - panel.offsets[task.codeLo]!, ms: performance.now() - t0 };
}

/**
 * Writes one value per 4 KiB page of the first output slot, so no kernel pays the first-touch faults. Only
 * `d.touchers` workers do it (one core is the main thread's, assembling the panel); they share the columns.
 */
function touchOutputs(d: WorkerData): void {
  if (Atomics.add(d.touched, 1, 1) >= d.touchers) return;
  const columns = Object.values(d.outputs[0]!);
  for (let k = Atomics.add(d.touched, 0, 1); k < columns.length; k = Atomics.add(d.touched, 0, 1)) {
    const c = columns[k]!;
    for (let i = 0; i < c.length; i += 512) c[i] = 0;
  }
}
