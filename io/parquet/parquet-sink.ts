/**
 * A Parquet file written in batches: each `append` encodes its rows as row groups, `close` writes the footer and
 * renames the temp file into place. Until then the target path is untouched, so a failed or killed run leaves the
 * previous file whole.
 *
 * Every row group starts at a multiple of 4 KiB (zeros fill the gap after the magic and after each group, as
 * parquet-mr's row-group padding does; readers find chunks by their offsets in the footer). Row groups encoded on
 * the workers into page-aligned memory are then written to the file with O_DIRECT straight from that memory.
 */
import type { KeyValue } from 'hyparquet';
import { endianness } from 'node:os';
import { openAppendFile, type AppendFile } from '../append-file.ts';
import { atomicTarget } from '../atomic.ts';
import { checkColumns, type OutColumn } from '../columns.ts';
import { compressorFor } from './compress.ts';
import { encodeRowGroup, ROW_GROUP_ALIGN, type EncodeOptions, type RowGroupMeta } from './encode-row-group.ts';
import { encodeFooter, MAGIC, placeRowGroup } from './footer.ts';
import { parquetSchema } from './schema.ts';
import { DEFAULT_PAGE_ROWS, DEFAULT_ROW_GROUP_SIZE, type WriteParquetOptions, type WriteParquetResult } from './write-parquet.ts';

export type ParquetSink = {
  /** Encodes and writes these rows (same columns, names and kinds as the first batch). */
  append(columns: readonly OutColumn[]): Promise<void>;
  /**
   * Writes row groups of these columns already encoded (by encodeRowGroup, e.g. on worker threads), in order. Their
   * bytes may be zero-padded past meta.byteLength; they are written from their memory (AppendFile.writeOwned).
   */
  appendEncoded(columns: readonly OutColumn[], groups: readonly { bytes: Uint8Array; meta: RowGroupMeta }[]): Promise<void>;
  /** Writes the footer and moves the file into place. */
  close(): Promise<WriteParquetResult>;
  /** Removes the temp file; the target is left as it was. Returns the error to throw. */
  abort(err: unknown): Promise<Error>;
  /** Nulls written so far per column, from the chunks' statistics (no pass over the data). */
  nullCounts(): Map<string, number>;
  /** How this file's pages are encoded and its rows grouped (for encoders on other threads: appendEncoded). */
  readonly layout: { encode: EncodeOptions; rowGroupSize: number };
};

/** Opens a Parquet file at `path` for batched writing. */
export async function openParquetSink(path: string, options: WriteParquetOptions = {}): Promise<ParquetSink> {
  const where = `writeParquet ${path}`;
  if (endianness() !== 'LE') throw new Error(`${where}: PLAIN pages are copied from typed arrays, which needs a little-endian CPU`);
  const rowGroupSize = positiveInt(options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE, 'rowGroupSize', where);
  const encode: EncodeOptions = {
    codec: options.codec ?? 'ZSTD',
    level: options.level,
    pageRows: positiveInt(options.pageRows ?? DEFAULT_PAGE_ROWS, 'pageRows', where),
    adaptive: options.adaptive ?? true,
  };
  compressorFor(encode.codec, encode.level); // fail on an unknown codec before creating any file
  const kv: KeyValue[] | undefined = options.kvMetadata
    ? Object.entries(options.kvMetadata).map(([key, value]) => ({ key, value }))
    : undefined;
  const target = atomicTarget(path);
  let file: AppendFile;
  try {
    file = await openAppendFile(target.temp, { direct: options.direct });
    await file.write([MAGIC]);
    await file.padTo(ROW_GROUP_ALIGN);
  } catch (e) {
    throw await target.abort(e);
  }
  let schema: ReturnType<typeof parquetSchema> | undefined;
  let signature = '';
  let rows = 0;
  const groups: ReturnType<typeof placeRowGroup>[] = [];
  const nulls = new Map<string, number>();
  const place = (meta: RowGroupMeta, sch: ReturnType<typeof parquetSchema>): void => {
    groups.push(placeRowGroup(meta, file.bytes, sch, encode.codec));
    for (const c of meta.columns) nulls.set(c.name, (nulls.get(c.name) ?? 0) + c.nullCount);
  };
  const schemaOf = (columns: readonly OutColumn[]): ReturnType<typeof parquetSchema> => {
    const sig = columns.map((c) => `${c.name}:${c.kind}`).join(',');
    if (schema === undefined) { schema = parquetSchema(columns); signature = sig; }
    else if (sig !== signature) throw new Error(`${where}: a batch has columns ${sig}, the file has ${signature}`);
    return schema;
  };
  return {
    async appendEncoded(columns, encoded) {
      checkColumns(columns, where);
      const sch = schemaOf(columns);
      for (const g of encoded) {
        place(g.meta, sch);
        rows += g.meta.rows;
        await file.writeOwned(g.bytes);
        await file.padTo(ROW_GROUP_ALIGN);
      }
    },
    async append(columns) {
      const n = checkColumns(columns, where);
      schemaOf(columns);
      for (let start = 0; start < n; start += rowGroupSize) {
        const end = Math.min(n, start + rowGroupSize);
        const { bytes, meta } = encodeRowGroup(columns, start, end, encode);
        place(meta, schema!);
        // The file's staging buffers are written on libuv's thread pool while the next group is encoded.
        await file.write([bytes]);
        await file.padTo(ROW_GROUP_ALIGN);
      }
      rows += n;
    },
    async close() {
      try {
        if (schema === undefined) throw new Error(`${where}: nothing was appended`);
        const footer = encodeFooter(schema, groups, rows, kv, options.createdBy ?? 'gq');
        await file.write([footer]);
        const bytes = file.bytes;
        await file.close();
        await target.commit();
        return { bytes, rowGroups: groups.length, rows };
      } catch (e) {
        await file.discard();
        throw await target.abort(e);
      }
    },
    nullCounts: () => new Map(nulls),
    layout: { encode, rowGroupSize },
    async abort(err) {
      await file.discard();
      return target.abort(err);
    },
  };
}

function positiveInt(value: number, name: string, where: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${where}: ${name} must be a positive integer, got ${value}`);
  return value;
}
