/**
 * Month partitions that the store does not hold yet, written column by column while the dataset is decoded: each
 * group of a few feature columns is decoded (in write order, into one of two sets of reused shared buffers) while
 * the encoding workers turn the previous group into column chunks per month, appended to that month's file at once.
 * The whole table is never in memory (on the bench VM, first touching 2 GB of fresh memory costs more CPU than
 * decoding it), and decoding overlaps encoding. Each file is byte for byte what ParquetSink writes for the same
 * columns: the magic, zeros to 4 KiB, one row group (its chunks in column order), zeros to 4 KiB, the footer. */
import { sharedF64, sharedI32 } from '../engine/shared.ts';
import type { OutColumn } from '../io/columns.ts';
import type { EncodePool } from '../io/encode-pool.ts';
import type { ChunkMeta } from '../io/parquet/chunk-writer.ts';
import { ROW_GROUP_ALIGN, type EncodeOptions } from '../io/parquet/encode-row-group.ts';
import { encodeFooter, MAGIC, placeRowGroup } from '../io/parquet/footer.ts';
import { parquetSchema } from '../io/parquet/schema.ts';
import { columnSize } from '../io/source/parquet-column-decode.ts';
import { readParquetColumns, readParquetFooter } from '../io/source/parquet-columns.ts';
import { openColumnDecoder, type ColumnDecoder } from '../io/source/parquet-decoder.ts';
import { splitBySize } from '../io/source/parquet-threads.ts';
import { openPartitionFile, type PartitionFile } from './partition-file.ts';
import type { MonthSlice } from './row-order.ts';
import type { StoreTable } from './table.ts';

/**
 * Feature columns decoded and encoded together (two groups' buffers are in memory: one decoded, one encoded). Each
 * buffer holds a whole column (32 MiB for 4M rows) whose first touch costs ~5 ms of CPU per MiB on the bench VM: two
 * columns a group touch half the memory of four, for twice the (cheap) encoding tasks.
 */
const GROUP = 2;

/** A written partition: its rows, codes, first and last Date, and file size. */
export type StreamedPartition = { month: number; rows: number; codes: number; from: number; to: number; bytes: number };

export type StreamInput = {
  dataset: string;
  /** Code and Date of the dataset, in file order. */
  keys: StoreTable;
  /** File rows in write order (month, Code, Date) for the rows to write; `months` slices it. */
  perm: Int32Array;
  months: readonly MonthSlice[];
  /** The feature columns of the partitions, in file order; those the dataset lacks are null. */
  columns: readonly string[];
  /** Columns the dataset holds. */
  present: ReadonlySet<string>;
  pool: EncodePool;
  layout: { encode: EncodeOptions; rowGroupSize: number };
  createdBy: string;
  /** File rows whose values are also wanted (e.g. the latest row of each code): gathered into `picked`. */
  pick: Int32Array;
  picked: Record<string, Float64Array>;
};

/** Whether every month fits in one row group (the layout this writer makes). */
export function streamable(months: readonly MonthSlice[], rowGroupSize: number): boolean {
  return months.every((m) => m.end - m.start <= rowGroupSize);
}

/**
 * Writes one partition file per month at `paths[k]` (atomically: temp file, then rename) from the dataset's columns,
 * decoded a few at a time. Values equal what monthColumns gives for a month the store does not hold.
 */
export async function writeStreamed(x: StreamInput, paths: readonly string[]): Promise<StreamedPartition[]> {
  const { keys, perm, months } = x;
  const n = perm.length;
  // order[r]: the place of file row r in write order (rows out of range after the others). Shared, so the decoding
  // thread gets it without a copy.
  const order = sharedI32(keys.rows).fill(-1);
  for (let i = 0; i < n; i++) order[perm[i]!] = i;
  let k = n;
  for (let r = 0; r < keys.rows; r++) if (order[r] === -1) order[r] = k++;
  const code = sharedI32(n);
  const info = months.map((m) => monthKeys(keys, perm, m, code.subarray(m.start, m.end)));
  const opened = await Promise.allSettled(paths.map((p) => openPartition(p)));
  const failed = opened.find((o) => o.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.file.abort(failed.reason) : undefined)));
    throw failed.reason;
  }
  const files = opened.map((o) => (o as PromiseFulfilledResult<Partition>).value);
  let encoding: Promise<void> = Promise.resolve();
  let decoder: ColumnDecoder | undefined;
  try {
    const date = sharedI32(n);
    for (let i = 0; i < n; i++) date[i] = keys.date[perm[i]!]!;
    encoding = encodeGroup(x, files, (m, j) => [
      { name: 'Code', kind: 'dict', indices: code.subarray(m.start, m.end), dictionary: info[j]!.dict },
      { name: 'Date', kind: 'date', values: date.subarray(m.start, m.end) },
    ]);
    const groups: string[][] = [];
    for (let c = 0; c < x.columns.length; c += GROUP) groups.push(x.columns.slice(c, c + GROUP));
    const buffers = [0, 1].map(() => Array.from({ length: Math.min(GROUP, x.columns.length) }, () => sharedF64(keys.rows, 0)));
    // NaN for the columns the dataset lacks (none, for a dataset gq run wrote): made only when one is missing.
    const nulls = x.columns.every((c) => x.present.has(c)) ? new Float64Array(new SharedArrayBuffer(0)) : sharedF64(n);
    const footer = await readParquetFooter(x.dataset);
    decoder = openColumnDecoder(x.dataset, footer, order);
    const other = decoder;
    // A group's columns are decoded half on this thread, half on the decoding thread (shares balanced by size).
    const decode = async (names: string[], bufs: Float64Array[]): Promise<void> => {
      const into = Object.fromEntries(names.map((name, i) => [name, bufs[i]!]).filter(([name]) => x.present.has(name as string)));
      const [mine = [], theirs = []] = splitBySize(Object.keys(into), (name) => columnSize(footer, name), 2);
      const there = theirs.length === 0 ? Promise.resolve() : other.decode(theirs, into);
      there.catch(() => undefined); // awaited below, after this thread's share
      if (mine.length > 0) await readParquetColumns(x.dataset, mine, { floats: mine, into: pick(into, mine), order, footer });
      await there;
    };
    // Group g of columns is encoded while group g + 1 is decoded into the other buffers.
    let decoded = groups.length > 0 ? decode(groups[0]!, buffers[0]!) : Promise.resolve();
    for (let g = 0; g < groups.length; g++) {
      const names = groups[g]!;
      const bufs = buffers[g % 2]!;
      await decoded;
      await encoding; // the other buffers are free once group g - 1 is encoded
      decoded = g + 1 < groups.length ? decode(groups[g + 1]!, buffers[(g + 1) % 2]!) : Promise.resolve();
      decoded.catch(() => undefined); // awaited at the next turn; a failure is thrown there
      names.forEach((name, i) => {
        if (!x.present.has(name)) return;
        const buf = bufs[i]!;
        const into = (x.picked[name] = new Float64Array(x.pick.length));
        for (let j = 0; j < x.pick.length; j++) into[j] = buf[order[x.pick[j]!]!]!;
      });
      encoding = encodeGroup(x, files, (m) => names.map((name, i): OutColumn => ({ name, kind: 'f64', values: (x.present.has(name) ? bufs[i]! : nulls).subarray(m.start, m.end) })));
    }
    await decoded;
    await encoding;
    const out: StreamedPartition[] = [];
    for (let j = 0; j < months.length; j++) out.push({ month: months[j]!.month, ...info[j]!.summary, bytes: await finish(files[j]!, x, months[j]!.end - months[j]!.start, info[j]!.dict) });
    return out;
  } catch (e) {
    await encoding.catch(() => undefined);
    await Promise.all(files.map((f) => f.file.abort(e)));
    throw e;
  } finally {
    await decoder?.close();
  }
}

function pick(into: Record<string, Float64Array>, names: readonly string[]): Record<string, Float64Array> {
  return Object.fromEntries(names.map((n) => [n, into[n]!]));
}

/** Encodes a few columns' chunks of every month on the pool and appends them to each month's file. */
async function encodeGroup(x: StreamInput, files: Partition[], columns: (m: MonthSlice, j: number) => OutColumn[]): Promise<void> {
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < x.months.length) {
      const j = next++;
      const m = x.months[j]!;
      const f = files[j]!;
      // The chunks are encoded after the file's bytes since its last whole block, and written from that block on.
      await x.pool.parquet(columns(m, j), m.end - m.start, x.layout, async (g) => {
        const shift = f.file.length - ROW_GROUP_ALIGN;
        for (const c of g.meta.columns) f.chunks.push({ ...c, offset: c.offset + shift, dataPageOffset: c.dataPageOffset + shift, ...(c.dictionaryPageOffset === undefined ? {} : { dictionaryPageOffset: c.dictionaryPageOffset + shift }) });
        await f.file.append(g.bytes, g.meta.byteLength);
      }, f.file.lead());
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, x.months.length) }, run));
}

/** Pads the row group to 4 KiB, writes the footer, and moves the file into place; returns its size. */
async function finish(f: Partition, x: StreamInput, rows: number, dict: string[]): Promise<number> {
  const at = f.file.length;
  const byteLength = at - ROW_GROUP_ALIGN;
  const end = ROW_GROUP_ALIGN + Math.ceil(byteLength / ROW_GROUP_ALIGN) * ROW_GROUP_ALIGN;
  const cols: OutColumn[] = [
    { name: 'Code', kind: 'dict', indices: new Int32Array(0), dictionary: dict },
    { name: 'Date', kind: 'date', values: new Int32Array(0) },
    ...x.columns.map((name): OutColumn => ({ name, kind: 'f64', values: new Float64Array(0) })),
  ];
  const schema = parquetSchema(cols);
  const group = placeRowGroup({ rows, byteLength, columns: f.chunks }, ROW_GROUP_ALIGN, schema, x.layout.encode.codec);
  const footer = encodeFooter(schema, [group], rows, undefined, x.createdBy);
  const tail = new Uint8Array(end - at + footer.length);
  tail.set(footer, end - at);
  await f.file.close(tail);
  return end + footer.length;
}

/** A partition file being written, and its column chunks so far (offsets from the file's start). */
type Partition = { file: PartitionFile; chunks: ChunkMeta[] };

async function openPartition(path: string): Promise<Partition> {
  const head = new Uint8Array(ROW_GROUP_ALIGN);
  head.set(MAGIC); // then zeros up to the row group
  return { file: await openPartitionFile(path, head), chunks: [] };
}

/** Writes a month's Code indices (into its sorted codes) into `code`; returns those codes, its row count, codes, first and last Date. */
function monthKeys(keys: StoreTable, perm: Int32Array, m: MonthSlice, code: Int32Array): { dict: string[]; summary: Omit<StreamedPartition, 'month' | 'bytes'> } {
  const used = new Uint8Array(keys.codes.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = m.start; i < m.end; i++) {
    const r = perm[i]!;
    used[keys.code[r]!] = 1;
    const d = keys.date[r]!;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const dict: string[] = [];
  for (let k = 0; k < used.length; k++) if (used[k] === 1) dict.push(keys.codes[k]!);
  dict.sort();
  const at = new Map(dict.map((c, k) => [c, k]));
  const rank = new Int32Array(keys.codes.length);
  for (let k = 0; k < used.length; k++) if (used[k] === 1) rank[k] = at.get(keys.codes[k]!)!;
  for (let i = m.start; i < m.end; i++) code[i - m.start] = rank[keys.code[perm[i]!]!]!;
  return { dict, summary: { rows: m.end - m.start, codes: dict.length, from: lo, to: hi } };
}
