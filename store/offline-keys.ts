/**
 * The offline store's keys for a join: Code and Date of every partition the manifest lists, keyed by one code
 * dictionary, in the partitions' order (months ascending, then Code, Date), so that a code's rows are in date order
 * once grouped by code. The feature columns are not read here: each partition's local file and footer are kept, for
 * partition-gather.ts to decode only the columns wanted, a few at a time, into reused buffers.
 */
import type { FileMetaData } from 'hyparquet';
import { flatLeaves } from '../io/source/parquet-footer.ts';
import { dictOf, i32Of, readParquetColumns, readParquetFooter } from '../io/source/parquet-columns.ts';
import { GqError } from '../io/gq-error.ts';
import type { Manifest } from './manifest.ts';
import type { OfflineBackend } from './offline-backend.ts';

/** A partition file on local disk (on S3: a downloaded copy) with its parsed footer. */
export type PartitionFile = { path: string; footer: FileMetaData; rows: number };

export type OfflineKeys = {
  rows: number;
  codes: string[];
  /** Code index (into codes) and date of every row, over all partitions. */
  code: Int32Array;
  date: Int32Array;
  /** Partition of each row and each partition's first row. */
  part: Uint16Array;
  base: Int32Array;
  files: PartitionFile[];
  /** Frees the local copies (S3); the files must not be read afterwards. */
  release(): Promise<void>;
};

/** Reads Code and Date of every partition of `manifest`, keeping each partition's file for its features. */
export async function readOfflineKeys(backend: OfflineBackend, manifest: Manifest): Promise<OfflineKeys> {
  const entries = [...manifest.partitions].sort((a, b) => a.month - b.month);
  if (entries.length > 65_535) throw new Error(`offline store ${backend.where}: ${entries.length} partitions, at most 65535 are joined`);
  const files: PartitionFile[] = [];
  const held: string[] = [];
  const release = async (): Promise<void> => { for (const p of held.splice(0)) await backend.release(p); };
  const keys: { codes: string[]; code: Int32Array; date: Int32Array }[] = new Array(entries.length);
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const i = next++;
        const path = await backend.localPath(entries[i]!.path);
        held.push(path);
        const footer = await readParquetFooter(path);
        const leaves = flatLeaves(footer, path);
        for (const n of ['Code', 'Date']) if (!leaves.has(n)) throw new GqError('DATASET_INVALID', `${path} has no ${n} column; give a dataset gq run wrote`);
        const t = await readParquetColumns(path, ['Code', 'Date'], { footer });
        const code = dictOf(t, 'Code');
        keys[i] = { codes: code.dictionary, code: code.indices, date: i32Of(t, 'Date') };
        files[i] = { path, footer, rows: t.rows };
      }
    };
    await Promise.all([worker(), worker()]); // two at a time: one file is fetched (S3) while another decodes
  } catch (e) {
    await release();
    throw e;
  }
  const dict = new Map<string, number>();
  const codes: string[] = [];
  let rows = 0;
  for (const k of keys) {
    rows += k.code.length;
    for (const c of k.codes) if (!dict.has(c)) { dict.set(c, codes.length); codes.push(c); }
  }
  const code = new Int32Array(rows);
  const date = new Int32Array(rows);
  const part = new Uint16Array(rows);
  const base = new Int32Array(keys.length);
  let at = 0;
  keys.forEach((k, pi) => {
    base[pi] = at;
    const map = Int32Array.from(k.codes, (c) => dict.get(c)!);
    const n = k.code.length;
    for (let i = 0; i < n; i++) code[at + i] = map[k.code[i]!]!;
    date.set(k.date, at);
    part.fill(pi, at, at + n);
    at += n;
  });
  return { rows, codes, code, date, part, base, files, release };
}
