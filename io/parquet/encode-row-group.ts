/** Encodes one row group of columns into bytes: a pure function, so a worker thread can run it. */

import type { OutColumn } from '../columns.ts';
import type { ByteSink } from './byte-sink.ts';
import { ChunkWriter, type ChunkMeta } from './chunk-writer.ts';
import { compressorFor, compressorInto, type ParquetCodec } from './compress.ts';
import { encodeDictChunk } from './encode-dict.ts';
import { encodeFloatChunk } from './encode-float.ts';
import { encodeBoolChunk, encodeIntChunk } from './encode-required.ts';
import { groupSink } from './scratch.ts';

/** Row groups start at multiples of this in a file (the block size O_DIRECT writes in); zeros fill the gaps. */
export const ROW_GROUP_ALIGN = 4096;

/** How pages are encoded. */
export interface EncodeOptions {
  codec: ParquetCodec;
  /** Compression level (ZSTD and GZIP); default 1. */
  level?: number;
  /** Largest number of rows per data page. */
  pageRows: number;
  /** Store a chunk uncompressed when compression would save under 25% (decided per chunk from its bytes). */
  adaptive?: boolean;
}

/** A row group's metadata; chunk offsets are relative to the row group's first byte. */
export interface RowGroupMeta {
  rows: number;
  byteLength: number;
  columns: ChunkMeta[];
}

/** A row group ready to append to a file: its bytes in file order and its metadata. */
export interface EncodedRowGroup {
  /**
   * A view of `out` (or of this thread's reusable sink): valid until the next row group is encoded into it. It starts
   * with the `lead` bytes when some were given.
   */
  bytes: Uint8Array;
  meta: RowGroupMeta;
}

/**
 * Encodes rows [start, end) of every column (end > start) as one row group, column after column, into `out`
 * (emptied first; by default a sink this thread reuses). The bytes depend only on the arguments: offsets are
 * relative, so the file writer places the group anywhere. `lead` (e.g. the file's bytes since its last whole block)
 * goes first in `out`; the group's offsets and byteLength do not count it.
 */
export function encodeRowGroup(
  columns: readonly OutColumn[],
  start: number,
  end: number,
  options: EncodeOptions,
  out: ByteSink = groupSink,
  lead?: Uint8Array,
): EncodedRowGroup {
  const compress = compressorFor(options.codec, options.level);
  const into = compressorInto(options.codec, options.level);
  const { pageRows } = options;
  const metas: ChunkMeta[] = [];
  out.reset();
  const origin = lead === undefined ? 0 : lead.length;
  if (lead !== undefined) out.append(lead);
  for (const column of columns) {
    const writer = new ChunkWriter(out, compress, options.adaptive === true && options.codec !== 'UNCOMPRESSED', origin, into);
    metas.push(encodeChunk(column, start, end, pageRows, writer));
  }
  return { bytes: out.view(), meta: { rows: end - start, byteLength: out.length - origin, columns: metas } };
}

function encodeChunk(column: OutColumn, start: number, end: number, pageRows: number, writer: ChunkWriter): ChunkMeta {
  switch (column.kind) {
    case 'f64':
    case 'f32':
      return encodeFloatChunk(column.name, column.values, start, end, pageRows, writer);
    case 'date':
    case 'i8':
      return encodeIntChunk(column.name, column.values, start, end, pageRows, writer);
    case 'bool':
      return encodeBoolChunk(column.name, column.values, start, end, pageRows, writer);
    case 'dict':
      return encodeDictChunk(column.name, column.indices, column.dictionary, start, end, pageRows, writer);
  }
}
