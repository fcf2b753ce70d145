/**
 * Worker entry of columns-thread.ts: assembles daily bars from cached pieces (their columns sidecars, or their JSON
 * when a piece has none, whose sidecar is then written) exactly as the main thread's loop in fetch-code-date.ts
 * does, and posts the columns back, their buffers transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BarRecord, RawBars } from '../../../engine/raw-bars.ts';
import { rawBuilder } from '../../../engine/raw-builder.ts';
import { rawBarsFromRecords } from '../../../engine/raw-from-records.ts';
import { writeFileAtomic } from '../../atomic.ts';
import type { ColumnsJob } from './columns-thread.ts';
import { fileReader } from './file-reader.ts';
import { decodePieceColumns, encodePieceColumns, type ViewState } from './piece-columns.ts';

const job = workerData as ColumnsJob;
try {
  const reader = fileReader();
  const view: ViewState = {};
  const builder = rawBuilder();
  builder.expect(job.expect);
  let kept = 0;
  for (const part of job.parts) {
    const take = (raw: RawBars): void => {
      const keep = new Uint8Array(raw.rows);
      for (let i = 0; i < raw.rows; i++) {
        const d = raw.date[i]!;
        if (d < job.from || d > job.to || !part.days.includes(d)) continue;
        keep[i] = 1;
        kept++;
      }
      builder.appendColumns(raw, keep);
    };
    let raw: RawBars | null = null;
    try {
      raw = decodePieceColumns(reader.bytes(`${part.file}.cols`), part.fetchedAt, view);
    } catch {
      // no sidecar yet: the JSON piece is read instead
    }
    if (raw !== null) {
      take(raw);
      continue;
    }
    let records: BarRecord[];
    try {
      records = (JSON.parse(reader.text(part.file).text) as { data: BarRecord[] }).data;
    } catch (err) {
      throw new Error(`cannot read cached piece ${part.file}: ${(err as Error).message}. Delete the file and run again.`);
    }
    raw = rawBarsFromRecords(records);
    await writeFileAtomic(`${part.file}.cols`, encodePieceColumns(raw, part.fetchedAt)).catch(() => undefined);
    take(raw);
  }
  const bars = builder.finish();
  const buffers = new Set<ArrayBuffer>();
  for (const v of Object.values(bars)) if (ArrayBuffer.isView(v)) buffers.add(v.buffer as ArrayBuffer);
  parentPort!.postMessage({ bars, kept }, [...buffers]);
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}
