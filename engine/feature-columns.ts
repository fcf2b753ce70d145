/** Preallocated shared output columns for a compute plan. */
import type { FeatureDef } from '../kernels/feature-def.ts';
import { sharedF64 } from './shared.ts';

/** One Float64 column over a SharedArrayBuffer per planned feature (flags excluded), filled with NaN. */
export function allocateOutputs(plan: readonly FeatureDef[], rows: number): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const f of plan) if (f.kind === 'f64') out[f.name] = sharedF64(rows);
  return out;
}
