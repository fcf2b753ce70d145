/**
 * Materialization (Feast's `materialize`): a dataset's rows dated in [from, to] go into the offline store as
 * month partitions (upserted by (Code, Date) over what the store holds), then the manifest is written, then the
 * latest row per (view, Code) within TTL goes into the online store. A re-run over the same range writes the same
 * bytes; a killed run leaves every partition file whole (old or new) and the previous manifest, and a re-run
 * completes it.
 */
import { availableParallelism } from 'node:os';
import { formatDay, parseDay } from '../engine/dates.ts';
import { createEncodePool, type EncodePool } from '../io/encode-pool.ts';
import { openParquetSink } from '../io/parquet/parquet-sink.ts';
import { DEFAULT_PAGE_ROWS, DEFAULT_ROW_GROUP_SIZE } from '../io/parquet/write-parquet.ts';
import { isStaleTemp } from '../io/stale-temps.ts';
import type { StoreConfig } from './config.ts';
import { datasetFamilies } from './dataset-families.ts';
import { flagDay, rangeOf } from './day-range.ts';
import { emptyManifest, lastMaterializedDay, MANIFEST_NAME, manifestText, parseManifest, type Manifest, type PartitionEntry } from './manifest.ts';
import { partitionFile } from './month.ts';
import { monthColumns } from './month-rows.ts';
import { streamable, writeStreamed } from './offline-stream.ts';
import { openOffline, type OfflineBackend } from './offline-backend.ts';
import { onlineNotWritten, writeOnline } from './online-write.ts';
import { orderRows, type RowOrder } from './row-order.ts';
import { mergeViews } from './store-views.ts';
import { columnNames, numericFeatures, readKeys, readTable, readTableInOrder, type StoreTable } from './table.ts';
import { isTarget } from './views.ts';

export type MaterializeOptions = {
  dataset: string;
  /** ISO days; default the dataset's first and last Date. */
  from?: string;
  to?: string;
  /** Skip the online store (default: write it). */
  offlineOnly?: boolean;
  /** Encoding threads (default: available parallelism). */
  threads?: number;
  /** Progress lines (awaited: a caller may pace the run). */
  log?: (line: string) => void | Promise<void>;
};

export type MaterializeReport = {
  from: string;
  to: string;
  rows: number;
  partitions: number;
  bytes: number;
  online: Record<string, number>;
  seconds: { read: number; offline: number; online: number };
  /** Set when nothing was to do: the last day already materialized (materializeIncremental up to date). */
  upToDate?: string;
  /** Set when only the online store was written (materializeOnline). */
  onlineOnly?: true;
};

const CREATED_BY = 'gq store';
/** How partition files are laid out: ParquetSink's defaults (see writePartition), which the streamed writer follows. */
const PARTITION_LAYOUT = { encode: { codec: 'ZSTD' as const, level: undefined, pageRows: DEFAULT_PAGE_ROWS, adaptive: true }, rowGroupSize: DEFAULT_ROW_GROUP_SIZE };

/** Reads the manifest (an empty one for a new store). */
export async function readManifest(backend: OfflineBackend): Promise<Manifest> {
  const text = await backend.readText(MANIFEST_NAME);
  return text === undefined ? emptyManifest() : parseManifest(text, `${backend.where}/${MANIFEST_NAME}`);
}

/** Materializes the dataset's rows dated in [from, to] into the offline and online stores. */
export async function materialize(config: StoreConfig, o: MaterializeOptions): Promise<MaterializeReport> {
  const log = o.log ?? (() => undefined);
  const t0 = performance.now();
  const families = datasetFamilies(o.dataset);
  const names = (await columnNames(o.dataset)).filter((c) => c !== 'Code' && c !== 'Date' && !isTarget(c, families));
  const keys = await readKeys(o.dataset);
  const range = rangeOf(keys, o.from, o.to, o.dataset);
  const present = await numericFeatures(o.dataset, names);
  const tRead = performance.now();
  const order = orderRows(keys, range.from, range.to);
  let table: StoreTable;
  const backend = await openOffline(config.offline);
  try {
    await removeTemps(backend);
    const manifest = await readManifest(backend);
    const { views, columns } = mergeViews(manifest.views, names, config.views, families);
    const entries = new Map(manifest.partitions.map((p) => [p.month, p]));
    const pool = createEncodePool(Math.max(1, o.threads ?? availableParallelism()));
    let bytes = 0;
    try {
      // On S3 every partition would wait whole in a local file until the last column is written: month by month there.
      if (config.offline.kind === 'local' && order.months.every((m) => !entries.has(m.month)) && streamable(order.months, PARTITION_LAYOUT.rowGroupSize)) {
        // No month is stored yet: the partitions are written column by column as the dataset is decoded.
        const pick = latestPerCode(keys, order.perm);
        const picked: Record<string, Float64Array> = {};
        const parts = await writeFiles(backend, order.months.map((m) => partitionFile(m.month)), (paths) =>
          writeStreamed({ dataset: o.dataset, keys, perm: order.perm, months: order.months, columns, present: new Set(present), pool, layout: PARTITION_LAYOUT, createdBy: CREATED_BY, pick, picked }, paths));
        for (const p of parts) {
          const rel = partitionFile(p.month);
          bytes += p.bytes;
          entries.set(p.month, { month: p.month, path: rel, rows: p.rows, bytes: p.bytes, codes: p.codes, from: formatDay(p.from), to: formatDay(p.to) });
          await log(`offline: ${rel} (${p.rows} rows)`);
        }
        table = { rows: pick.length, codes: keys.codes, code: gather(keys.code, pick), date: gather(keys.date, pick), columns: picked };
      } else {
        // The features are decoded straight into write order: month, Code, Date (the rows out of range after them),
        // so that a month not stored before is written from views of the table, without a copy.
        const w = writeOrder(order, keys.rows);
        const t = await readTableInOrder(o.dataset, keys, w.table, present, Math.min(2, availableParallelism()));
        table = t;
        await eachLimited(w.months, 2, async (m) => {
          const prev = entries.get(m.month);
          const existing = prev === undefined ? undefined : await readPartition(backend, prev, manifest.columns);
          const built = monthColumns(m.month, { t, rows: w.perm.subarray(m.start, m.end) }, existing, columns);
          const rel = partitionFile(m.month);
          let size = 0;
          await backend.writeFile(rel, async (path) => { size = await writePartition(path, built.cols, built.rows, pool); });
          bytes += size;
          entries.set(m.month, { month: m.month, path: rel, rows: built.rows, bytes: size, codes: built.codes, from: formatDay(built.from), to: formatDay(built.to) });
          await log(`offline: ${rel} (${built.rows} rows)`);
        });
      }
    } finally {
      await pool.close();
    }
    const rows = order.perm.length;
    const next: Manifest = {
      version: 1, columns, views,
      partitions: [...entries.values()].sort((a, b) => a.month - b.month),
      materialized: [...manifest.materialized, { from: formatDay(range.from), to: formatDay(range.to), rows, dataset: o.dataset, at: new Date().toISOString() }].slice(-50),
    };
    // Older partition files than this column set are read with the missing columns null: rewrite none of them.
    await backend.writeText(MANIFEST_NAME, manifestText(next));
    const tOffline = performance.now();
    const online = o.offlineOnly === true ? {} : await writeOnline(config.online, views, table, range).catch((e: unknown) => {
      throw onlineNotWritten(e, { offline: backend.where, rows, from: formatDay(range.from), to: formatDay(range.to), partitions: order.months.length, dataset: o.dataset, config: config.path });
    });
    const tOnline = performance.now();
    return {
      from: formatDay(range.from), to: formatDay(range.to), rows, partitions: order.months.length, bytes, online,
      seconds: { read: s(tRead - t0), offline: s(tOffline - tRead), online: s(tOnline - tOffline) },
    };
  } finally {
    await backend.close();
  }
}

/**
 * Materializes from the day after the last materialized day (or the dataset's start) to `end` (Feast's
 * materialize_incremental); nothing, with `upToDate` set, when the store is materialized up to `end` already.
 */
export async function materializeIncremental(config: StoreConfig, o: Omit<MaterializeOptions, 'from' | 'to'> & { end: string }): Promise<MaterializeReport> {
  const backend = await openOffline(config.offline);
  let from: string | undefined;
  try {
    const last = lastMaterializedDay(await readManifest(backend));
    if (last !== undefined) from = formatDay(parseDay(last) + 1);
  } finally {
    await backend.close();
  }
  const end = flagDay(o.end, '--end');
  // Up to date (Feast does nothing and succeeds): a scheduled sync that runs twice is not a failure.
  if (from !== undefined && parseDay(from) > end) {
    return { from, to: formatDay(end), rows: 0, partitions: 0, bytes: 0, online: {}, seconds: { read: 0, offline: 0, online: 0 }, upToDate: formatDay(parseDay(from) - 1) };
  }
  return materialize(config, { ...o, from, to: o.end });
}

/**
 * The table order that puts the rows of `o` in write order at its start (then the rows it leaves out, in file order),
 * and `o` over that table: `perm` is then 0 .. n-1.
 */
function writeOrder(o: RowOrder, rows: number): RowOrder & { table: Int32Array } {
  const table = new Int32Array(rows);
  table.set(o.perm);
  const taken = new Uint8Array(rows);
  for (const r of o.perm) taken[r] = 1;
  let k = o.perm.length;
  for (let r = 0; r < rows; r++) if (taken[r] === 0) table[k++] = r;
  const perm = new Int32Array(o.perm.length);
  for (let i = 0; i < perm.length; i++) perm[i] = i;
  return { ...o, perm, table };
}

/** For each code, its last row in `perm` (rows of one code are in Date order within a month, months in order). */
function latestPerCode(keys: StoreTable, perm: Int32Array): Int32Array {
  const last = new Int32Array(keys.codes.length).fill(-1);
  for (const r of perm) last[keys.code[r]!] = r;
  return last.filter((r) => r >= 0);
}

function gather(a: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = a[rows[j]!]!;
  return out;
}

/**
 * Runs `write` with a path for each of `rels` from the backend (on disk the final places; on S3 local files, each
 * uploaded once `write` is done, a few at a time), so that several files are written at once.
 */
async function writeFiles<T>(backend: OfflineBackend, rels: readonly string[], write: (paths: string[]) => Promise<T>): Promise<T> {
  const paths: Promise<string>[] = [];
  const release: ((e?: unknown) => void)[] = [];
  const writes = rels.map((rel, j) => {
    let ready!: (path: string) => void;
    paths.push(new Promise<string>((resolve) => { ready = resolve; }));
    return backend.writeFile(rel, (path) => new Promise<void>((resolve, reject) => {
      release[j] = (e) => (e === undefined ? resolve() : reject(e));
      ready(path);
    }));
  });
  // A backend that fails before handing out a path (e.g. no folder) fails the whole write.
  const early = Promise.race(writes.map((w) => w.then(() => new Promise<never>(() => undefined))));
  try {
    const r = await write(await Promise.race([Promise.all(paths), early]));
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(4, rels.length) }, async () => {
      while (next < rels.length) { const j = next++; release[j]!(); await writes[j]; }
    }));
    return r;
  } catch (e) {
    for (const f of release) f?.(e);
    await Promise.allSettled(writes);
    throw e;
  }
}

/** A stored partition as a table (its columns that the manifest lists). */
async function readPartition(backend: OfflineBackend, p: PartitionEntry, columns: readonly string[]): Promise<StoreTable> {
  const path = await backend.localPath(p.path);
  try {
    return await readTable(path, columns);
  } finally {
    await backend.release(path);
  }
}

/** Writes one partition file (row groups encoded on the pool's workers); returns its size. */
async function writePartition(path: string, cols: Parameters<EncodePool['parquet']>[0], rows: number, pool: EncodePool): Promise<number> {
  const sink = await openParquetSink(path, { createdBy: CREATED_BY });
  try {
    if (rows > 0) await pool.parquet(cols, rows, sink.layout, (g) => sink.appendEncoded(cols, [g]));
    else await sink.append(cols);
  } catch (e) {
    throw await sink.abort(e);
  }
  return (await sink.close()).bytes;
}

/** Removes temp files a killed run left (hidden `.name.<pid>.<hex>.tmp` of a process that is gone). */
async function removeTemps(backend: OfflineBackend): Promise<void> {
  for (const f of await backend.list()) if (isStaleTemp(f.slice(f.lastIndexOf('/') + 1))) await backend.remove(f);
}

async function eachLimited<T>(items: readonly T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) await f(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

const s = (ms: number): number => +(ms / 1000).toFixed(3);
