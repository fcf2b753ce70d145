/** Preallocated shared output columns for a compute plan. */
import type { FeatureDef } from '../kernels/feature-def.ts';
import { sharedF64Columns } from './shared.ts';

/**
 * One Float64 column per planned feature (flags excluded), all over one SharedArrayBuffer. Not pre-filled: every
 * kernel writes every row of every code it is given (nulls included), which the golden and catalogue tests pin.
 */
export function allocateOutputs(plan: readonly FeatureDef[], rows: number): Record<string, Float64Array> {
  const names = plan.filter((f) => f.kind === 'f64').map((f) => f.name);
  const columns = sharedF64Columns(names.length, rows);
  return Object.fromEntries(names.map((name, i) => [name, columns[i]!]));
}
