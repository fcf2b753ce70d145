/**
 * The gather of a point-in-time join, partition by partition: each partition's feature columns are decoded a few at
 * a time into scratch arrays reused for every partition, and the values matched into that partition are scattered
 * straight into the output arrays (allocated once, in entity order). The store is never materialized whole: the
 * memory touched is the output plus a few partitions' worth of columns. Runs on the calling thread and, for another
 * share of the columns, on gather-thread.ts's worker.
 */
import type { FileMetaData } from 'hyparquet';
import { flatLeaves } from '../io/source/parquet-footer.ts';
import { readParquetColumns } from '../io/source/parquet-columns.ts';
import { GqError } from '../io/gq-error.ts';
import type { PartitionFile } from './offline-keys.ts';

/**
 * Entities matched into each partition: those of partition p are entity[start[p] .. start[p+1]) (ascending), each
 * with its row in the partition's file, row[...].
 */
export type PartitionLists = { start: Int32Array; entity: Int32Array; row: Int32Array };

/** Groups the entities by the partition of their matched store row (`match`: global row or -1; `part`, `base` as OfflineKeys). */
export function partitionLists(match: Int32Array, part: Uint16Array, base: Int32Array, shared = false): PartitionLists {
  const nParts = base.length;
  const start = i32(nParts + 1, shared);
  for (let e = 0; e < match.length; e++) {
    const r = match[e]!;
    if (r >= 0) start[part[r]! + 1]!++;
  }
  for (let p = 0; p < nParts; p++) start[p + 1]! += start[p]!;
  const at = start.slice(0, nParts);
  const entity = i32(start[nParts]!, shared);
  const row = i32(start[nParts]!, shared);
  for (let e = 0; e < match.length; e++) {
    const r = match[e]!;
    if (r < 0) continue;
    const p = part[r]!;
    const q = at[p]!++;
    entity[q] = e;
    row[q] = r - base[p]!;
  }
  return { start, entity, row };
}

/** One output column: its name in the partitions, which lists (by index) place its values, and its array. */
export type GatherColumn = { name: string; lists: number; out: Float64Array };

/** What a gather needs: the partition files, the lists of each match, the columns to fill. */
export type GatherTask = { files: PartitionFile[]; lists: PartitionLists[]; columns: GatherColumn[] };

/**
 * Columns decoded per read of a partition. Each read allocates the decoder's chunk buffers afresh and waits for its
 * file reads, so fewer, larger reads beat scratch arrays small enough to stay in the CPU caches (4M-row store, 35
 * columns on one thread at load 6.4: groups of 4 took 2.6-3.0 CPU s and 11.6-13.2 s wall, all at once 2.1-2.5 CPU s
 * and 4.1-6.6 s).
 */
export const GROUP = 64;

/**
 * Fills each column's `out` (length = entities): the matched row's value from its partition, NaN for entities not
 * matched and for partitions without the column. Columns are checked numeric first (checkNumeric).
 */
export async function gatherColumns(task: GatherTask, group = GROUP): Promise<void> {
  const { files, lists, columns } = task;
  let most = 0;
  for (const f of files) most = Math.max(most, f.rows);
  const scratch = Array.from({ length: Math.min(group, columns.length) }, () => new Float64Array(most));
  const leaves = files.map((f) => flatLeaves(f.footer, f.path));
  for (let g = 0; g < columns.length; g += group) {
    const cols = columns.slice(g, g + group);
    for (const c of cols) c.out.fill(Number.NaN);
    for (let p = 0; p < files.length; p++) {
      const f = files[p]!;
      const present = cols.filter((c) => leaves[p]!.has(c.name) && lists[c.lists]!.start[p + 1]! > lists[c.lists]!.start[p]!);
      if (present.length === 0) continue;
      const into = new Map<string, Float64Array>();
      for (const c of present) if (!into.has(c.name)) into.set(c.name, scratch[into.size]!); // a name asked twice is decoded once
      const names = [...into.keys()];
      await readParquetColumns(f.path, names, { floats: names, into: Object.fromEntries(into), footer: f.footer });
      for (const c of present) scatter(lists[c.lists]!, p, into.get(c.name)!, c.out);
    }
  }
}

/** out[entity] = values[row] for the entities matched into partition p. */
function scatter(l: PartitionLists, p: number, values: Float64Array, out: Float64Array): void {
  const { entity, row } = l;
  const end = l.start[p + 1]!;
  for (let q = l.start[p]!; q < end; q++) out[entity[q]!] = values[row[q]!]!;
}

/** Refuses a wanted column that some partition holds as text (the same message as reading it as a table). */
export function checkNumeric(files: readonly { path: string; footer: FileMetaData }[], names: readonly string[]): void {
  for (const f of files) {
    const leaves = flatLeaves(f.footer, f.path);
    for (const n of names) {
      const type = leaves.get(n)?.type;
      if (type === 'BYTE_ARRAY' || type === 'FIXED_LEN_BYTE_ARRAY') throw new GqError('DATASET_INVALID', `${f.path}: column ${n} is not numeric`);
    }
  }
}

/** The bytes of `name` over all partitions once decompressed: the weight of gathering it. */
export function columnWeight(files: readonly { footer: FileMetaData }[], name: string): number {
  let bytes = 0;
  for (const f of files) {
    for (const g of f.footer.row_groups) {
      const cm = g.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name)?.meta_data;
      if (cm !== undefined) bytes += Number(cm.total_uncompressed_size);
    }
  }
  return bytes;
}

function i32(n: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
}
