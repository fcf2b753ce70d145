/** The file footer: FileMetaData (thrift compact, via hyparquet-writer's serializer), its length and `PAR1`. */

import type { ColumnChunk, CompressionCodec, KeyValue, RowGroup, SchemaElement } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import type { ChunkMeta } from './chunk-writer.ts';
import type { RowGroupMeta } from './encode-row-group.ts';

/** `PAR1`, the magic number at both ends of a Parquet file. */
export const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]);

/** Places a row group's metadata at absolute file offset `base`. Thrift i64 fields must be bigints. */
export function placeRowGroup(meta: RowGroupMeta, base: number, schema: SchemaElement[], codec: CompressionCodec): RowGroup {
  const columns = meta.columns.map((chunk, j) => columnChunk(chunk, base, schema[j + 1], codec));
  let uncompressed = 0;
  for (const chunk of meta.columns) uncompressed += chunk.uncompressedSize;
  return {
    columns,
    total_byte_size: BigInt(uncompressed),
    num_rows: BigInt(meta.rows),
    file_offset: BigInt(base),
    total_compressed_size: BigInt(meta.byteLength),
  };
}

function columnChunk(chunk: ChunkMeta, base: number, element: SchemaElement, codec: CompressionCodec): ColumnChunk {
  if (element.type === undefined) throw new Error(`column '${chunk.name}' has no physical type`);
  const hasDictionary = chunk.dictionaryPageOffset !== undefined;
  return {
    file_offset: BigInt(base + chunk.offset),
    meta_data: {
      type: element.type,
      encodings: chunk.encodings,
      path_in_schema: [chunk.name],
      codec: chunk.uncompressed === true ? 'UNCOMPRESSED' : codec,
      num_values: BigInt(chunk.numValues),
      total_uncompressed_size: BigInt(chunk.uncompressedSize),
      total_compressed_size: BigInt(chunk.compressedSize),
      data_page_offset: BigInt(base + chunk.dataPageOffset),
      dictionary_page_offset: hasDictionary ? BigInt(base + (chunk.dictionaryPageOffset ?? 0)) : undefined,
      statistics: { null_count: BigInt(chunk.nullCount), min_value: chunk.min, max_value: chunk.max },
      encoding_stats: [
        ...(hasDictionary ? [{ page_type: 'DICTIONARY_PAGE' as const, encoding: 'PLAIN' as const, count: 1 }] : []),
        { page_type: 'DATA_PAGE', encoding: chunk.dataEncoding, count: chunk.dataPages },
      ],
    },
  };
}

/** The footer bytes: serialized FileMetaData, its 4-byte length, then `PAR1`. */
export function encodeFooter(
  schema: SchemaElement[],
  rowGroups: RowGroup[],
  rows: number,
  kvMetadata: KeyValue[] | undefined,
  createdBy: string,
): Uint8Array {
  const writer = new ByteWriter(4096);
  writeMetadata(writer, {
    version: 2,
    schema,
    num_rows: BigInt(rows),
    row_groups: rowGroups,
    key_value_metadata: kvMetadata,
    created_by: createdBy,
    metadata_length: 0, // not serialized: writeMetadata appends the real length itself
  });
  writer.appendBytes(MAGIC);
  return writer.getBytes();
}
