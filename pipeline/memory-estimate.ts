/** How much memory a run needs, and how many rows a compute-and-write batch may hold. */
import { FEATURES } from '../kernels/registry.ts';

/** Bytes per panel row outside the features: 8 Float64 columns, 3 Int32 columns, 2 flags. */
const PANEL_BYTES_PER_ROW = 8 * 8 + 3 * 4 + 2;
const FEATURE_COLUMNS = FEATURES.filter((f) => f.kind === 'f64').length;

/** Default feature memory per batch: 512 MiB (about 970k rows of 69 Float64 features), times two output slots. */
export const DEFAULT_BATCH_BYTES = 1 << 29;

/** Rows per batch of the default memory budget. */
export function defaultBatchRows(): number {
  return Math.max(1, Math.floor(DEFAULT_BATCH_BYTES / (FEATURE_COLUMNS * 8)));
}

/** Rows per batch: `batchSize` codes' worth when given (the longest codes), else the default memory budget. */
export function batchRows(offsets: Int32Array, batchSize?: number): number {
  const n = offsets.length - 1;
  if (batchSize !== undefined) {
    const lengths = Array.from({ length: n }, (_, k) => offsets[k + 1]! - offsets[k]!).sort((a, b) => b - a);
    return Math.max(1, lengths.slice(0, batchSize).reduce((s, x) => s + x, 0));
  }
  return defaultBatchRows();
}

/** Estimated MiB: the whole panel, two batches of features (one computed while one is written), Float32 copies. */
export function estimateMemory(batchRowsMax: number, panelRows: number, float32: boolean): { featuresMiB: number; totalMiB: number } {
  const featuresMiB = 2 * Math.ceil((batchRowsMax * FEATURE_COLUMNS * 8) / 1048576);
  const writeMiB = float32 ? Math.ceil((batchRowsMax * FEATURE_COLUMNS * 4) / 1048576) : 0;
  const totalMiB = featuresMiB + writeMiB + Math.ceil((panelRows * PANEL_BYTES_PER_ROW) / 1048576) + 200;
  return { featuresMiB, totalMiB };
}
