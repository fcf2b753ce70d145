/** Worker entry of records-thread.ts: reads the asked fields of cached pieces and posts them back as columns. */
import { parentPort, workerData } from 'node:worker_threads';
import { writeFileAtomic } from '../../atomic.ts';
import { fileReader } from './file-reader.ts';
import { decodePieceRecords, encodePieceRecords } from './piece-records.ts';
import { project } from './project.ts';
import type { RecordColumns, RecordsJob } from './records-thread.ts';

const job = workerData as RecordsJob;
try {
  const reader = fileReader();
  const rows: number[] = [];
  const index: number[][] = job.fields.map(() => []);
  const values: unknown[] = [];
  const strings = new Map<string, number>();
  const others = new Map<string, number>();
  const idOf = (v: unknown): number => {
    const isString = typeof v === 'string';
    // Numbers, booleans and null by their type and text (-0 apart from 0); a string by itself.
    const key = isString ? v : typeof v === 'number' && Object.is(v, -0) ? 'number:-0' : `${typeof v}:${String(v)}`;
    const map = isString ? strings : others;
    let id = map.get(key);
    if (id === undefined) {
      if (v !== null && typeof v === 'object') throw new Error('cached records: an object value cannot be read as a column');
      id = values.length;
      values.push(v);
      map.set(key, id);
    }
    return id;
  };
  for (const part of job.parts) {
    let recs: Record<string, unknown>[] | null = null;
    try {
      recs = decodePieceRecords(reader.bytes(`${part.file}.recs`), part.fetchedAt, job.fields);
    } catch {
      // no sidecar (an ASCII piece has none), or an unreadable one: the JSON piece is read instead
    }
    if (recs === null) {
      let data: Record<string, unknown>[];
      let ascii: boolean;
      try {
        const t = reader.text(part.file);
        ascii = t.ascii;
        data = (JSON.parse(t.text) as { data: Record<string, unknown>[] }).data;
      } catch (err) {
        throw new Error(`cannot read cached piece ${part.file}: ${(err as Error).message}. Delete the file and run again.`);
      }
      const bytes = ascii ? null : encodePieceRecords(data, part.fetchedAt);
      if (bytes !== null) await writeFileAtomic(`${part.file}.recs`, bytes).catch(() => undefined);
      recs = project(data, job.fields);
    }
    rows.push(recs.length);
    for (const r of recs) {
      for (let f = 0; f < job.fields.length; f++) {
        const k = job.fields[f]!;
        index[f]!.push(Object.hasOwn(r, k) ? idOf(r[k]) : -1);
      }
    }
  }
  const columns = index.map((a) => Int32Array.from(a));
  const out: RecordColumns = { rows, index: columns, values };
  parentPort!.postMessage(out, columns.map((a) => a.buffer as ArrayBuffer));
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}
