/** Worker entry of records-thread.ts: reads the asked fields of cached pieces and posts them back as columns. */
import { parentPort, workerData } from 'node:worker_threads';
import { writeFileAtomic } from '../../atomic.ts';
import { fileReader } from './file-reader.ts';
import { encodePieceRecords, pieceRecordColumns } from './piece-records.ts';
import type { RecordColumns, RecordsJob } from './records-thread.ts';

const job = workerData as RecordsJob;
try {
  const reader = fileReader();
  const rows: number[] = [];
  const values: unknown[] = [];
  const strings = new Map<string, number>();
  const numbers = new Map<number, number>();
  const others = new Map<string, number>();
  const idOf = (v: unknown): number => {
    // A string and a number by itself (-0 apart from 0, which a Map key would merge); booleans and null by their text.
    const map: Map<unknown, number> = typeof v === 'string' ? strings : typeof v === 'number' && !Object.is(v, -0) ? numbers : others;
    const key = map === others ? `${typeof v}:${Object.is(v, -0) ? '-0' : String(v)}` : v;
    let id = map.get(key);
    if (id === undefined) {
      if (v !== null && typeof v === 'object') throw new Error('cached records: an object value cannot be read as a column');
      id = values.length;
      values.push(v);
      map.set(key, id);
    }
    return id;
  };
  const perPiece: Int32Array[][] = [];
  for (const part of job.parts) {
    let cols: Int32Array[] | null = null;
    try {
      cols = pieceRecordColumns(reader.bytes(`${part.file}.recs`), part.fetchedAt, job.fields, idOf);
    } catch (err) {
      if ((err as Error).message.includes('object value')) throw err;
      // no sidecar (an ASCII piece has none), or an unreadable one: the JSON piece is read instead
    }
    if (cols === null) {
      let data: Record<string, unknown>[];
      try {
        data = (JSON.parse(reader.text(part.file).text) as { data: Record<string, unknown>[] }).data;
      } catch (err) {
        throw new Error(`cannot read cached piece ${part.file}: ${(err as Error).message}. Delete the file and run again.`);
      }
      // Pieces read here are read again by later runs, a few fields of many: the sidecar spares them the JSON.
      const bytes = encodePieceRecords(data, part.fetchedAt);
      if (bytes !== null) await writeFileAtomic(`${part.file}.recs`, bytes).catch(() => undefined);
      cols = job.fields.map((k) => Int32Array.from(data, (r) => (Object.hasOwn(r, k) ? idOf(r[k]) : -1)));
    }
    rows.push(cols[0]?.length ?? 0);
    perPiece.push(cols);
  }
  const total = rows.reduce((a, b) => a + b, 0);
  const columns = job.fields.map((_, f) => {
    const out = new Int32Array(total);
    let at = 0;
    for (const cols of perPiece) { out.set(cols[f]!, at); at += cols[f]!.length; }
    return out;
  });
  const out: RecordColumns = { rows, index: columns, values };
  parentPort!.postMessage(out, columns.map((a) => a.buffer as ArrayBuffer));
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}
