/**
 * Encoding worker: Parquet row groups and CSV blocks of dataset columns that arrive as views over
 * SharedArrayBuffers (nothing is copied in). A row group is encoded straight into the page-aligned shared memory the
 * task brings, zero-padded to whole 4 KiB blocks, from which the main thread writes it to the file with O_DIRECT.
 * Compressed pages are written there by zstd itself; other bytes are copied at equal alignment (see ByteSink.append:
 * V8 copies into shared memory byte by byte where source and target addresses differ modulo 8). CSV blocks go back
 * as one buffer, moved.
 */
import { Piscina } from 'piscina';
import type { OutColumn } from './columns.ts';
import { formatCsvRows } from './csv/format-rows.ts';
import { encodeRowGroup, ROW_GROUP_ALIGN, type EncodeOptions, type RowGroupMeta } from './parquet/encode-row-group.ts';
import { ByteSink } from './parquet/byte-sink.ts';

/**
 * A row group to encode into `out` (page-aligned shared memory the main thread hands out and takes back), after
 * `lead` when given (e.g. a file's bytes since its last whole block, so that the group is written from a block start).
 */
export type ParquetTask = { columns: OutColumn[]; start: number; end: number; options: EncodeOptions; out: Uint8Array; lead?: Uint8Array };
/**
 * The encoded group: its metadata and `length`, its bytes in `out` padded to whole blocks; or, when they did not fit
 * in `out`, `bytes` (moved, not copied).
 */
export type ParquetResult = { meta: RowGroupMeta; length: number; bytes?: Uint8Array };
export type CsvTask = { columns: OutColumn[]; start: number; end: number };

/**
 * Encodes one row group (after the task's lead) into the task's shared memory, zero-padded to whole blocks; returns
 * its metadata and length (lead included).
 */
export function parquet(t: ParquetTask): ParquetResult {
  // Pages are compressed straight into the task's shared memory (zstd writes it natively); the sink moves to memory
  // of its own only if the group outgrows it.
  const sink = new ByteSink(t.out);
  const { bytes, meta } = encodeRowGroup(t.columns, t.start, t.end, t.options, sink, t.lead);
  const length = Math.ceil(bytes.length / ROW_GROUP_ALIGN) * ROW_GROUP_ALIGN;
  if (sink.bytes !== t.out || length > t.out.length) {
    const own = sink.bytes.buffer instanceof SharedArrayBuffer || bytes.byteOffset !== 0 ? bytes.slice() : bytes;
    return moved({ meta, length: own.length, bytes: own }, own.buffer);
  }
  t.out.fill(0, bytes.length, length);
  return { meta, length };
}

/** Formats rows [start, end) as CSV lines (UTF-8, each ending with a newline). */
export function csv(t: CsvTask): Uint8Array {
  // TextEncoder gives a buffer of its own at offset 0 (Buffer.from would be a slice of a shared pool, copied again).
  const bytes = new TextEncoder().encode(formatCsvRows(t.columns, t.start, t.end));
  return moved(bytes, bytes.buffer);
}

/** `value` as a task result whose buffer is transferred to the main thread instead of copied. */
function moved<T>(value: T, buffer: ArrayBufferLike): T {
  return Piscina.move({ [Piscina.transferableSymbol]: buffer, [Piscina.valueSymbol]: value } as never) as unknown as T;
}
