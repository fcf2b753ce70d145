/** Parquet writer for gq's columnar dataset. */

export { writeParquet, DEFAULT_PAGE_ROWS, DEFAULT_ROW_GROUP_SIZE } from './write-parquet.ts';
export type { WriteParquetOptions, WriteParquetResult } from './write-parquet.ts';
export { encodeRowGroup } from './encode-row-group.ts';
export { openParquetSink } from './parquet-sink.ts';
export type { ParquetSink } from './parquet-sink.ts';
export type { EncodeOptions, EncodedRowGroup, RowGroupMeta } from './encode-row-group.ts';
export type { ChunkMeta, StatValue } from './chunk-writer.ts';
export type { ParquetCodec } from './compress.ts';
export type { OutColumn } from '../columns.ts';
// Pieces for a file writer that encodes row groups on worker threads and assembles the file itself.
export { encodeFooter, MAGIC, placeRowGroup } from './footer.ts';
export { parquetSchema } from './schema.ts';
