/** The footer of a Parquet file (its metadata) and its flat columns, read through an open file handle. */
import type { FileHandle } from 'node:fs/promises';
import { parquetMetadataAsync, type FileMetaData, type SchemaElement } from 'hyparquet';
import { readRange } from './parquet-column-decode.ts';

/** The file's metadata, parsed from its footer (only the footer is read); a file without one is an error naming it. */
export async function readFooter(handle: FileHandle, path: string): Promise<FileMetaData> {
  const size = (await handle.stat()).size;
  try {
    return await parquetMetadataAsync({ byteLength: size, slice: (a, b) => readRange(handle, a, (b ?? size) - a).then(toArrayBuffer) });
  } catch (e) {
    throw new Error(`${path}: not a readable Parquet file (${(e as Error).message})`);
  }
}

/** Top-level leaf columns by name; nested schemas are refused, since gq's tables are flat. */
export function flatLeaves(meta: FileMetaData, path: string): Map<string, SchemaElement> {
  const out = new Map<string, SchemaElement>();
  const schema = meta.schema;
  for (let i = 1; i < schema.length; i++) {
    const e = schema[i]!;
    if (e.num_children !== undefined && e.num_children > 0) throw new Error(`readParquetColumns ${path}: column "${e.name}" is nested; only flat files are read`);
    if (e.repetition_type === 'REPEATED') throw new Error(`readParquetColumns ${path}: column "${e.name}" is repeated; only flat files are read`);
    out.set(e.name, e);
  }
  return out;
}

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.byteOffset === 0 && u.byteLength === u.buffer.byteLength ? (u.buffer as ArrayBuffer) : (u.slice().buffer as ArrayBuffer);
}
