/** How much memory a run needs, and how many rows a compute-and-write batch may hold. */
import { computePlan } from '../kernels/registry.ts';

/** Bytes per panel row outside the features: 8 Float64 columns, 3 Int32 columns, 2 flags. */
const PANEL_BYTES_PER_ROW = 8 * 8 + 3 * 4 + 2;

/** Default feature memory per batch: 512 MiB (about 970k rows of 69 Float64 columns: 61 features and 8 targets), times two output slots. */
export const DEFAULT_BATCH_BYTES = 1 << 29;

/**
 * Float64 columns of a run's families (default: the core catalogue): `batch` per-code columns a batch holds, and
 * `panel` whole-panel columns of the per-date pass (its inputs and outputs, computed once per panel).
 */
export function featureColumns(families: readonly string[] = []): { batch: number; panel: number } {
  const plan = computePlan({ families }).filter((f) => f.kind === 'f64');
  const date = plan.filter((f) => f.pass === 'date');
  const inputs = date.length === 0 ? [] : computePlan({ features: [...new Set(date.flatMap((f) => f.inputs))] }).filter((f) => f.kind === 'f64' && f.pass !== 'date');
  return { batch: plan.length - date.length, panel: date.length + inputs.length };
}

/** Rows per batch of the default memory budget for these families. */
export function defaultBatchRows(families: readonly string[] = []): number {
  return Math.max(1, Math.floor(DEFAULT_BATCH_BYTES / (featureColumns(families).batch * 8)));
}

/** Rows per batch: `batchSize` codes' worth when given (the longest codes), else the default memory budget. */
export function batchRows(offsets: Int32Array, batchSize?: number, families: readonly string[] = []): number {
  const n = offsets.length - 1;
  if (batchSize !== undefined) {
    const lengths = Array.from({ length: n }, (_, k) => offsets[k + 1]! - offsets[k]!).sort((a, b) => b - a);
    return Math.max(1, lengths.slice(0, batchSize).reduce((s, x) => s + x, 0));
  }
  return defaultBatchRows(families);
}

/**
 * Estimated MiB: the whole panel, two batches of features (one computed while one is written), Float32 copies, and
 * the per-date pass's whole-panel columns.
 */
export function estimateMemory(batchRowsMax: number, panelRows: number, float32: boolean, families: readonly string[] = []): { featuresMiB: number; totalMiB: number } {
  const cols = featureColumns(families);
  const featuresMiB = 2 * Math.ceil((batchRowsMax * cols.batch * 8) / 1048576) + Math.ceil((panelRows * cols.panel * 8) / 1048576);
  const writeMiB = float32 ? Math.ceil((batchRowsMax * cols.batch * 4) / 1048576) : 0;
  const totalMiB = featuresMiB + writeMiB + Math.ceil((panelRows * PANEL_BYTES_PER_ROW) / 1048576) + 200;
  return { featuresMiB, totalMiB };
}
