/**
 * Runs a compute plan over a range of whole codes, writing into the shared output columns in place.
 * The worker calls it for each shard; a single-threaded caller may call it directly.
 */
import { SCRATCH_COLUMNS, type FeatureDef, type Segment } from '../kernels/feature-def.ts';
import type { Panel } from './panel.ts';

/** Per-thread scratch, sized to the longest code. */
export type Scratch = { tmp: Float64Array[]; deque: Int32Array };

/** Scratch columns long enough for every code of the panel. */
export function makeScratch(offsets: Int32Array): Scratch {
  let max = 1;
  for (let k = 0; k + 1 < offsets.length; k++) max = Math.max(max, offsets[k + 1]! - offsets[k]!);
  const tmp: Float64Array[] = [];
  for (let i = 0; i < SCRATCH_COLUMNS; i++) tmp.push(new Float64Array(max));
  return { tmp, deque: new Int32Array(max) };
}

/** The columns a compute function may read: panel inputs plus the output columns. */
export function columnsOf(panel: Pick<Panel, 'open' | 'high' | 'low' | 'close' | 'volume' | 'turnover' | 'mkt'>, outputs: Record<string, Float64Array>): Record<string, Float64Array> {
  const { open, high, low, close, volume, turnover, mkt } = panel;
  return { open, high, low, close, volume, turnover, mkt, ...outputs };
}

/**
 * Computes every feature of `plan` for codes [codeLo, codeHi), whose rows sit at offsets[k] - base in `col`.
 * A kernel error is rethrown naming the feature and the code, so a failed run says where it failed.
 */
export function computeShard(
  plan: readonly FeatureDef[], col: Record<string, Float64Array>, offsets: Int32Array, codes: readonly string[],
  codeLo: number, codeHi: number, scratch: Scratch, base = 0,
): void {
  const g: Segment = { s: 0, len: 0, col, tmp: scratch.tmp, deque: scratch.deque };
  for (let k = codeLo; k < codeHi; k++) {
    g.s = offsets[k]! - base;
    g.len = offsets[k + 1]! - offsets[k]!;
    for (const f of plan) {
      if (f.kind !== 'f64' || f.pass === 'date' || f.pass === 'event') continue;
      try {
        f.compute(g, col[f.name]!);
      } catch (e) {
        throw new Error(`feature ${f.name} failed on code ${codes[k]}: ${(e as Error).message}`);
      }
    }
  }
}
