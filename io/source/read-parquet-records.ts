/** Rows of a Parquet file as objects (hyparquet; ZSTD and other codecs through hyparquet-compressors). */
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

/** Every row of the file as an object keyed by column name. */
export async function readParquetRecords(buf: Buffer, path: string): Promise<Record<string, unknown>[]> {
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  try {
    return (await parquetReadObjects({ file, compressors })) as Record<string, unknown>[];
  } catch (e) {
    throw new Error(`${path}: not a readable Parquet file (${(e as Error).message})`);
  }
}
