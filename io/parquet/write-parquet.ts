/** Writes a columnar table to a Parquet file, atomically, one row group at a time. */

import type { KeyValue } from 'hyparquet';
import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import { withAtomicFile } from '../atomic.ts';
import { checkColumns, type OutColumn } from '../columns.ts';
import { writePieces } from '../write-pieces.ts';
import { compressorFor, type ParquetCodec } from './compress.ts';
import { encodeRowGroup, type EncodeOptions } from './encode-row-group.ts';
import { encodeFooter, MAGIC, placeRowGroup } from './footer.ts';
import { parquetSchema } from './schema.ts';

/** Options of writeParquet. */
export interface WriteParquetOptions {
  /** Rows per row group; default DEFAULT_ROW_GROUP_SIZE (131072). */
  rowGroupSize?: number;
  /** Page codec; default ZSTD. */
  codec?: ParquetCodec;
  /** Compression level for ZSTD/GZIP; default 1. */
  level?: number;
  /** Largest rows per data page; default DEFAULT_PAGE_ROWS (131072). */
  pageRows?: number;
  /** Key/value pairs stored in the footer (e.g. feature definitions, provenance). */
  kvMetadata?: Record<string, string>;
  /** The footer's created_by; default `gq`. */
  createdBy?: string;
}

/** What writeParquet wrote. */
export interface WriteParquetResult {
  bytes: number;
  rowGroups: number;
  rows: number;
}

/** Default rows per row group: 2^17, so a DOUBLE chunk is 1 MiB before compression and 1M rows make 8 groups. */
export const DEFAULT_ROW_GROUP_SIZE = 131_072;

/** Default largest rows per data page: 1 MiB of doubles, the page size Parquet recommends. */
export const DEFAULT_PAGE_ROWS = 131_072;

/**
 * Writes `columns` to `path` as Parquet (format 2, data pages v1): floats OPTIONAL DOUBLE/FLOAT with NaN as
 * null, dates DATE, dictionary columns UTF8 strings, i8 INT32 with converted type INT_8, bool BOOLEAN; ZSTD level 1 by
 * default; min/max/null_count statistics per chunk. The file appears at `path` only when complete.
 */
export async function writeParquet(
  path: string,
  columns: readonly OutColumn[],
  options: WriteParquetOptions = {},
): Promise<WriteParquetResult> {
  const where = `writeParquet ${path}`;
  if (endianness() !== 'LE') throw new Error(`${where}: PLAIN pages are copied from typed arrays, which needs a little-endian CPU`);
  const rows = checkColumns(columns, where);
  const rowGroupSize = positiveInt(options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE, 'rowGroupSize', where);
  const encode: EncodeOptions = {
    codec: options.codec ?? 'ZSTD',
    level: options.level,
    pageRows: positiveInt(options.pageRows ?? DEFAULT_PAGE_ROWS, 'pageRows', where),
  };
  compressorFor(encode.codec, encode.level); // fail on an unknown codec before creating any file
  const schema = parquetSchema(columns);
  const kv: KeyValue[] | undefined = options.kvMetadata
    ? Object.entries(options.kvMetadata).map(([key, value]) => ({ key, value }))
    : undefined;

  return withAtomicFile(path, async (temp) => {
    const handle = await open(temp, 'wx');
    let pending: Promise<void> | undefined;
    try {
      await writePieces(handle, [MAGIC]);
      let offset = MAGIC.length;
      const groups = [];
      for (let start = 0; start < rows; start += rowGroupSize) {
        const end = Math.min(rows, start + rowGroupSize);
        const { chunks, meta } = encodeRowGroup(columns, start, end, encode);
        groups.push(placeRowGroup(meta, offset, schema, encode.codec));
        offset += meta.byteLength;
        // The previous group's write runs on libuv's thread pool while this one was encoded.
        await pending;
        pending = writePieces(handle, chunks);
      }
      await pending;
      pending = undefined;
      const footer = encodeFooter(schema, groups, rows, kv, options.createdBy ?? 'gq');
      await writePieces(handle, [footer]);
      offset += footer.length;
      return { bytes: offset, rowGroups: groups.length, rows };
    } finally {
      // An encoding error can leave a write in flight; settle it before closing the file.
      await pending?.catch(() => undefined);
      await handle.close();
    }
  });
}

function positiveInt(value: number, name: string, where: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${where}: ${name} must be a positive integer, got ${value}`);
  return value;
}
