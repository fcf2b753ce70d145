/** Parquet writer for gq's columnar dataset. */

export { writeParquet, DEFAULT_PAGE_ROWS, DEFAULT_ROW_GROUP_SIZE } from './write-parquet.ts';
export type { WriteParquetOptions, WriteParquetResult } from './write-parquet.ts';
export { encodeRowGroup } from './encode-row-group.ts';
export { openParquetSink } from './parquet-sink.ts';
export type { ParquetSink } from './parquet-sink.ts';
export type { EncodeOptions, RowGroupMeta } from './encode-row-group.ts';
export type { ParquetCodec } from './compress.ts';
export type { OutColumn } from '../columns.ts';
