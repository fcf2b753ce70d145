/** Preallocated shared output columns for a compute plan. */
import type { FeatureDef } from '../kernels/feature-def.ts';
import { sharedF64 } from './shared.ts';

/**
 * One Float64 column over a SharedArrayBuffer per planned feature (flags excluded). Not pre-filled: every kernel
 * writes every row of every code it is given (nulls included), which the golden and catalogue tests pin.
 */
export function allocateOutputs(plan: readonly FeatureDef[], rows: number): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const f of plan) if (f.kind === 'f64') out[f.name] = sharedF64(rows, 0);
  return out;
}
