/**
 * The offline store read back for a join: every partition the manifest lists, with Code, Date and the wanted
 * columns, keyed by one code dictionary. Rows keep the partitions' order (months ascending, then Code, Date), so a
 * code's rows are in date order once grouped by code.
 */
import type { Manifest } from './manifest.ts';
import type { OfflineBackend } from './offline-backend.ts';
import { readTable, type StoreTable } from './table.ts';

/**
 * Threads decoding each partition's columns: one, the calling thread. A month partition is small (~30 MB), and a
 * decoding worker started per partition cost more than it saved (55 partitions of the 4M-row store: 4.3 s read on
 * one thread, 11.7 s with a worker per partition, 22 CPU s against 5).
 */
const DECODE_THREADS = 1;

export type OfflineData = {
  rows: number;
  codes: string[];
  /** Code index (into codes) and date of every row, over all partitions. */
  code: Int32Array;
  date: Int32Array;
  /** Partition of each row and each partition's first row. */
  part: Uint16Array;
  base: Int32Array;
  parts: StoreTable[];
};

/** Reads the partitions of `manifest` (wanted columns only; those a partition lacks are null). */
export async function readOffline(backend: OfflineBackend, manifest: Manifest, columns: readonly string[]): Promise<OfflineData> {
  const entries = [...manifest.partitions].sort((a, b) => a.month - b.month);
  const parts: StoreTable[] = new Array(entries.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const i = next++;
      const path = await backend.localPath(entries[i]!.path);
      try {
        parts[i] = await readTable(path, columns, DECODE_THREADS);
      } finally {
        await backend.release(path);
      }
    }
  };
  await Promise.all([worker(), worker()]); // two at a time: one file is fetched (S3) while another decodes
  const dict = new Map<string, number>();
  const codes: string[] = [];
  let rows = 0;
  for (const p of parts) {
    rows += p.rows;
    for (const c of p.codes) if (!dict.has(c)) { dict.set(c, codes.length); codes.push(c); }
  }
  const code = new Int32Array(rows);
  const date = new Int32Array(rows);
  const part = new Uint16Array(rows);
  const base = new Int32Array(parts.length);
  let at = 0;
  parts.forEach((p, pi) => {
    base[pi] = at;
    const map = Int32Array.from(p.codes, (c) => dict.get(c)!);
    for (let i = 0; i < p.rows; i++) code[at + i] = map[p.code[i]!]!;
    date.set(p.date, at);
    part.fill(pi, at, at + p.rows);
    at += p.rows;
  });
  return { rows, codes, code, date, part, base, parts };
}

/** Values of `column` at store rows `match` (-1 gives null), in entity order. */
export function gather(data: OfflineData, column: string, match: Int32Array): Float64Array {
  const out = new Float64Array(match.length);
  const cols = data.parts.map((p) => p.columns[column]);
  for (let e = 0; e < match.length; e++) {
    const r = match[e]!;
    if (r < 0) { out[e] = Number.NaN; continue; }
    const pi = data.part[r]!;
    const c = cols[pi];
    out[e] = c === undefined ? Number.NaN : c[r - data.base[pi]!]!;
  }
  return out;
}
