/**
 * Builds an as-of event table (kernels/asof-join.ts) from parsed records: a stable sort by (group, eff, extra
 * keys, API order) and one typed column per field.
 */
import type { EventTable } from '../../kernels/asof-join.ts';
import { sharedF64, sharedI32 } from '../shared.ts';

/** Parsed records of one family, in API order (parallel arrays). */
export type Pending = {
  group: number[];
  eff: number[];
  obj: number[];
  ver: number[];
  /** Extra sort keys after eff (statements' disclosure order), compared in order. */
  keys: number[][];
  values: Record<string, number[]>;
  /** The value fields and their columns, in field order (so push does not enumerate `values`). */
  fields: string[];
  cols: number[][];
};

/** An empty pending set with these value fields and `nKeys` extra sort keys. */
export function pending(fields: readonly string[], nKeys = 0): Pending {
  const cols = fields.map((): number[] => []);
  return { group: [], eff: [], obj: [], ver: [], keys: Array.from({ length: nKeys }, () => []), values: Object.fromEntries(fields.map((f, i) => [f, cols[i]!])), fields: [...fields], cols };
}

/** Appends one record (values in the order of `fields` given to pending()). */
export function push(p: Pending, group: number, eff: number, obj: number, ver: number, keys: readonly number[], values: Record<string, number>): void {
  p.group.push(group);
  p.eff.push(eff);
  p.obj.push(obj);
  p.ver.push(ver);
  for (let i = 0; i < p.keys.length; i++) p.keys[i]!.push(keys[i]!);
  for (let f = 0; f < p.fields.length; f++) p.cols[f]!.push(values[p.fields[f]!] ?? Number.NaN);
}

/**
 * The event table over `groups` groups. With `verFromOrder`, each record's version key becomes its position in the
 * sorted table (statements: the disclosure order is the version order).
 */
export function buildTable(p: Pending, groups: number, verFromOrder = false): EventTable {
  const n = p.group.length;
  // Shared memory: pool workers read the tables in place.
  const offsets = sharedI32(groups + 1);
  for (const g of p.group) offsets[g + 1]!++;
  for (let g = 0; g < groups; g++) offsets[g + 1]! += offsets[g]!;
  // Records bucketed by group in API order (stable), then each group sorted: API order is mostly date order, so a
  // group's records are nearly sorted already and the (stable) sort of a small run is cheap.
  const idx = new Array<number>(n);
  const next = Int32Array.from(offsets.subarray(0, groups));
  for (let i = 0; i < n; i++) idx[next[p.group[i]!]!++] = i;
  const eff0 = p.eff;
  const keys = p.keys;
  const cmp = (a: number, b: number): number => {
    const d = eff0[a]! - eff0[b]!;
    if (d !== 0) return d;
    for (const k of keys) { const e = k[a]! - k[b]!; if (e !== 0) return e; }
    return a - b;
  };
  for (let g = 0; g < groups; g++) {
    const a = offsets[g]!;
    const b = offsets[g + 1]!;
    let sorted = true;
    for (let i = a + 1; i < b && sorted; i++) sorted = cmp(idx[i - 1]!, idx[i]!) <= 0;
    if (sorted) continue;
    const part = idx.slice(a, b).sort(cmp);
    for (let i = 0; i < part.length; i++) idx[a + i] = part[i]!;
  }
  const eff = sharedI32(n);
  const obj = sharedF64(n, 0);
  const ver = sharedF64(n, 0);
  for (let i = 0; i < n; i++) {
    const src = idx[i]!;
    eff[i] = p.eff[src]!;
    obj[i] = p.obj[src]!;
    ver[i] = verFromOrder ? i : p.ver[src]!;
  }
  const values: Record<string, Float64Array> = {};
  for (const [f, col] of Object.entries(p.values)) {
    const v = sharedF64(n, 0);
    for (let i = 0; i < n; i++) v[i] = col[idx[i]!]!;
    values[f] = v;
  }
  return { offsets, eff, obj, ver, values };
}

/** Records that replace an earlier record of the same object in the same group (corrections and duplicates). */
export function countCorrections(t: EventTable): number {
  let n = 0;
  for (let g = 0; g + 1 < t.offsets.length; g++) {
    const seen = new Set<number>();
    for (let j = t.offsets[g]!; j < t.offsets[g + 1]!; j++) {
      if (seen.has(t.obj[j]!)) n++;
      else seen.add(t.obj[j]!);
    }
  }
  return n;
}
