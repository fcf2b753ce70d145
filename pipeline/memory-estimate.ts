/** How much memory a run needs, said before it starts computing. */
import { FEATURES } from '../kernels/registry.ts';

/** Bytes per panel row outside the features: 7 Float64 inputs + factor, 4 Int32 columns, 2 flags. */
const PANEL_BYTES_PER_ROW = 8 * 8 + 4 * 4 + 2;

/** Estimated MiB for a panel of `rows` rows with every feature (Float64 in memory; Float32 halves the copy written). */
export function estimateMemory(rows: number, float32: boolean): { featuresMiB: number; totalMiB: number } {
  const features = FEATURES.filter((f) => f.kind === 'f64').length;
  const featuresMiB = Math.ceil((rows * features * 8) / 1048576);
  const writeMiB = float32 ? Math.ceil((rows * features * 4) / 1048576) : 0;
  const totalMiB = featuresMiB + writeMiB + Math.ceil((rows * PANEL_BYTES_PER_ROW) / 1048576) + 150;
  return { featuresMiB, totalMiB };
}
