/**
 * Encoding worker: Parquet row groups and CSV blocks of dataset columns that arrive as views over
 * SharedArrayBuffers (nothing is copied in); the encoded bytes go back as one buffer, moved, not copied.
 */
import { Piscina } from 'piscina';
import type { OutColumn } from './columns.ts';
import { formatCsvRows } from './csv/format-rows.ts';
import { encodeRowGroup, type EncodeOptions, type RowGroupMeta } from './parquet/encode-row-group.ts';

export type ParquetTask = { columns: OutColumn[]; start: number; end: number; options: EncodeOptions };
export type CsvTask = { columns: OutColumn[]; start: number; end: number };

/** Encodes one row group; returns its bytes (in file order) and metadata. */
export function parquet(t: ParquetTask): { bytes: Uint8Array; meta: RowGroupMeta } {
  const { chunks, meta } = encodeRowGroup(t.columns, t.start, t.end, t.options);
  const bytes = new Uint8Array(meta.byteLength);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  return moved({ bytes, meta }, bytes.buffer);
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
