/**
 * Some fields of many cached pieces read on a worker thread (their records sidecars, or their JSON when a piece has
 * none; its sidecar is then written), so that the main thread reads other endpoints meanwhile.
 * They come back as columns of indexes into one dictionary of the distinct values, so each distinct string is made
 * once on the main thread however many records hold it (a listed master repeats each code in every snapshot).
 */
import { Worker } from 'node:worker_threads';

/** One cached piece: its JSON file (the sidecar is `<file>.recs`) and its fetch time. */
export type RecordsPart = { file: string; fetchedAt: number };
export type RecordsJob = { parts: RecordsPart[]; fields: string[] };
/**
 * Per piece its record count; per field one index per record (-1: the record has no such field) into `values`, the
 * distinct values (strings, numbers, booleans, null; never an object: a job meeting one fails).
 */
export type RecordColumns = { rows: number[]; index: Int32Array[]; values: unknown[] };

/** The `fields` columns of the records of `job`'s pieces; rejects with the reason a piece could not be read. */
export function readRecordColumnsOnThread(job: RecordsJob): Promise<RecordColumns> {
  const worker = new Worker(new URL('./records-worker.ts', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: RecordColumns | { error: string }) => {
      void worker.terminate();
      if ('error' in m) reject(new Error(m.error));
      else resolve(m);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`cached records: the thread reading them exited with code ${code}`)));
  });
}

/** Records of pieces from their columns: each with the fields it has, in the order of `fields`. */
export function recordsOfColumns(c: RecordColumns, fields: readonly string[]): Record<string, unknown>[][] {
  const out: Record<string, unknown>[][] = [];
  let at = 0;
  for (const n of c.rows) {
    const recs: Record<string, unknown>[] = new Array(n);
    for (let r = 0; r < n; r++, at++) {
      const rec: Record<string, unknown> = {};
      for (let f = 0; f < fields.length; f++) {
        const i = c.index[f]![at]!;
        if (i >= 0) rec[fields[f]!] = c.values[i];
      }
      recs[r] = rec;
    }
    out.push(recs);
  }
  return out;
}
