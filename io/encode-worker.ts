/**
 * Encoding worker: Parquet row groups and CSV blocks of dataset columns that arrive as views over
 * SharedArrayBuffers (nothing is copied in). A row group is encoded into the buffer the task brings (moved in, moved
 * back, reused by the main thread, so no fresh pages are touched per group). It is a plain ArrayBuffer, not shared
 * memory: the main thread copies it into the file's staging buffers at arbitrary offsets, and V8 copies shared memory
 * at unequal alignments byte by byte (relaxed atomics), 3-4x slower than memcpy.
 * CSV blocks go back as one buffer, moved.
 */
import { Piscina } from 'piscina';
import type { OutColumn } from './columns.ts';
import { formatCsvRows } from './csv/format-rows.ts';
import { ByteSink } from './parquet/byte-sink.ts';
import { encodeRowGroup, type EncodeOptions, type RowGroupMeta } from './parquet/encode-row-group.ts';

/** A row group to encode into `out` (a whole ArrayBuffer, moved to the worker with the task). */
export type ParquetTask = { columns: OutColumn[]; start: number; end: number; options: EncodeOptions; out: Uint8Array };
/** The encoded group: its metadata and its bytes, a view of `out` moved back (or of a larger buffer if they outgrew it). */
export type ParquetResult = { meta: RowGroupMeta; bytes: Uint8Array };
export type CsvTask = { columns: OutColumn[]; start: number; end: number };

/** Encodes one row group into the task's buffer; returns its metadata and bytes, the buffer moved back. */
export function parquet(t: ParquetTask): ParquetResult {
  const { bytes, meta } = encodeRowGroup(t.columns, t.start, t.end, t.options, new ByteSink(t.out));
  return moved({ meta, bytes }, bytes.buffer);
}

/** Formats rows [start, end) as CSV lines (UTF-8, each ending with a newline). */
export function csv(t: CsvTask): Uint8Array {
  const bytes = Buffer.from(formatCsvRows(t.columns, t.start, t.end), 'utf8');
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return moved(out, out.buffer);
}

/** `value` as a task result whose buffer is transferred to the main thread instead of copied. */
function moved<T>(value: T, buffer: ArrayBufferLike): T {
  return Piscina.move({ [Piscina.transferableSymbol]: buffer, [Piscina.valueSymbol]: value } as never) as unknown as T;
}
