/** Parquet schema elements for each kind of output column. */

import type { SchemaElement } from 'hyparquet';
import type { OutColumn } from '../columns.ts';

/**
 * The schema element of one column. Float columns are always OPTIONAL (NaN is written as null), even
 * when a chunk has no NaN, so that every file of a dataset has the same schema; the others are REQUIRED.
 */
export function schemaElement(column: OutColumn): SchemaElement {
  const { name } = column;
  switch (column.kind) {
    case 'f64':
      return { name, type: 'DOUBLE', repetition_type: 'OPTIONAL' };
    case 'f32':
      return { name, type: 'FLOAT', repetition_type: 'OPTIONAL' };
    case 'date':
      return { name, type: 'INT32', repetition_type: 'REQUIRED', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'dict':
      return {
        name,
        type: 'BYTE_ARRAY',
        repetition_type: 'REQUIRED',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
      };
    case 'i8':
      // Only the converted type INT_8, which the spec defines as equal to logical INTEGER(8, signed):
      // hyparquet-writer 0.17 serializes IntType.bitWidth as a thrift i32 where the spec says i8, and
      // DuckDB then rejects the whole footer ("TProtocolException: Invalid data").
      return { name, type: 'INT32', repetition_type: 'REQUIRED', converted_type: 'INT_8' };
    case 'bool':
      return { name, type: 'BOOLEAN', repetition_type: 'REQUIRED' };
  }
}

/** The full flat schema: a root element followed by one leaf per column. */
export function parquetSchema(columns: readonly OutColumn[]): SchemaElement[] {
  return [{ name: 'schema', num_children: columns.length }, ...columns.map(schemaElement)];
}
