/**
 * The worker side of the per-date pass: two task kinds next to the per-code shards. 'pre' computes the date inputs
 * (per-code features the date kernels read) for whole codes into whole-panel columns; 'date' runs the date kernels
 * over a range of dates of the date-major index. Columns arrive as views over shared memory; nothing is sent back.
 */
import { featureByName } from '../kernels/registry.ts';
import { computeShard, makeScratch } from './compute-shard.ts';
import { computeDateRange } from './date-pass.ts';
import type { PanelInputs, ShardResult } from './pool-types.ts';

/** Date inputs for codes [codeLo, codeHi) into whole-panel columns. */
export type PreTask = { kind: 'pre'; codeLo: number; codeHi: number; names: string[]; columns: Record<string, Float64Array>; panel: PanelInputs };

/**
 * Date kernels over dates [dLo, dHi) of the index (offsets, dates; pos = each row's place in it, codeOffsets = the
 * panel's), reading and writing `columns`.
 */
export type DateTask = {
  kind: 'date'; dLo: number; dHi: number; offsets: Int32Array; dates: Int32Array; pos: Int32Array; codeOffsets: Int32Array;
  names: string[]; columns: Record<string, Float64Array>; traded: Uint8Array; sector: Int32Array;
};

export type DatePassTask = PreTask | DateTask;

/** Runs one task of the per-date pass in this thread. */
export function runDatePassTask(task: DatePassTask): ShardResult {
  const t0 = performance.now();
  if (task.kind === 'pre') {
    const plan = task.names.map(featureByName);
    const col = { ...task.panel.inputs, ...task.columns };
    computeShard(plan, col, task.panel.offsets, task.panel.codes, task.codeLo, task.codeHi, makeScratch(task.panel.offsets));
    return { rows: task.panel.offsets[task.codeHi]! - task.panel.offsets[task.codeLo]!, ms: performance.now() - t0 };
  }
  computeDateRange(task.names.map(featureByName), task);
  return { rows: task.offsets[task.dHi]! - task.offsets[task.dLo]!, ms: performance.now() - t0 };
}
