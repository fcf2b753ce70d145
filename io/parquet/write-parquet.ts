/** Writes a columnar table to a Parquet file, atomically, one row group at a time. */

import { writeThrough } from '../sink.ts';
import { checkColumns, type OutColumn } from '../columns.ts';
import type { ParquetCodec } from './compress.ts';
import { openParquetSink } from './parquet-sink.ts';

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
  /**
   * Store a float, date or flag chunk uncompressed when compressing a sample of it saves under 25% (default true):
   * noisy doubles barely compress, and zstd on them costs half the write time for a few percent of size.
   */
  adaptive?: boolean;
  /** Key/value pairs stored in the footer (e.g. feature definitions, provenance). */
  kvMetadata?: Record<string, string>;
  /** The footer's created_by; default `gq`. */
  createdBy?: string;
  /** Write with O_DIRECT where the file system allows it, bypassing the page cache (default true; io/append-file.ts). */
  direct?: boolean;
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
  checkColumns(columns, `writeParquet ${path}`);
  return writeThrough(await openParquetSink(path, options), columns);
}
