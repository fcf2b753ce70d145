/**
 * Intermediate series shared by several Alpha158 columns of one code (the rolling sums behind SUMP, SUMN and SUMD,
 * the sorted-window quantiles behind QTLU and QTLD, the positions behind IMAX, IMIN and IMXD, ...). The registry
 * computes a code's columns one after the other on the same Segment; a series named `key` is computed by the first
 * column that asks for it and reused by the others while the visit of that code lasts. The kernels only read the
 * panel's inputs, which do not change during a visit, so a reused series equals the one the column would compute.
 * A new visit (another code, another shard, another computeShard call: a new Segment object) starts empty.
 */
import type { Segment } from './feature-def.ts';

let owner: Segment | undefined;
let ownerS = -1;
let ownerLen = -1;
const held = new Map<string, Float64Array>();
const spare: Float64Array[] = [];

/**
 * The series named `keys` of the code `g` is visiting, computed together: on the first call of the visit `fill(outs)`
 * writes outs[j][0 .. g.len) for every key; later calls return the same arrays.
 */
export function memo(g: Segment, keys: readonly string[], fill: (outs: Float64Array[]) => void): Float64Array[] {
  if (owner !== g || ownerS !== g.s || ownerLen !== g.len) {
    for (const a of held.values()) spare.push(a);
    held.clear();
    owner = g;
    ownerS = g.s;
    ownerLen = g.len;
  }
  const first = held.get(keys[0]!);
  if (first !== undefined) return keys.map((k) => held.get(k)!);
  const outs = keys.map(() => take(g.len));
  fill(outs);
  keys.forEach((k, j) => held.set(k, outs[j]!));
  return outs;
}

/** A scratch array of at least len entries (arrays are reused from earlier visits). */
function take(len: number): Float64Array {
  for (let i = spare.length - 1; i >= 0; i--) {
    if (spare[i]!.length >= len) { const a = spare[i]!; spare[i] = spare[spare.length - 1]!; spare.pop(); return a; }
  }
  return new Float64Array(Math.max(len, 1024));
}
