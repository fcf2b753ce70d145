/**
 * Decodes column chunks of a flat Parquet file into sinks with hyparquet's primitives (page headers, RLE/bit-packed
 * hybrid, PLAIN, delta, byte-stream-split). One column chunk is in memory at a time. Used on the calling thread and in
 * parquet-columns-worker.ts alike.
 */
import type { FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import type { ColumnMetaData, Compressors, FileMetaData, PageHeader, SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { deltaBinaryUnpack, deltaByteArray, deltaLengthByteArray } from 'hyparquet/src/delta.js';
import { byteStreamSplit, readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { compressors as jsCompressors } from 'hyparquet-compressors';
import type { ReadColumn } from './parquet-columns.ts';
import { makeSink, type FloatTarget, type ReadAs, type Sink, type Values } from './parquet-sinks.ts';
import { zstdInto } from './zstd-into.ts';

/**
 * Native zstd/gzip/brotli from node:zlib (several times faster than the pure-JS ones), hyparquet-compressors for
 * the rest (LZ4, and snappy through hysnappy).
 */
const COMPRESSORS: Compressors = {
  ...jsCompressors,
  // Output chunks of the page's known size: node:zlib then hands back one buffer instead of concatenating 16 KiB pieces.
  ZSTD: (input, size) => zlib.zstdDecompressSync(input, { chunkSize: Math.max(64, size) }),
  GZIP: (input, size) => zlib.gunzipSync(input, { chunkSize: Math.max(64, size) }),
  BROTLI: (input) => zlib.brotliDecompressSync(input),
};

/** What one thread decoded: its columns, or the first of them that failed and why. */
export type ShareResult = { columns: Record<string, ReadColumn>; failed?: { column: string; error: unknown } };

/** Float columns to decode into given arrays (see FloatTarget), by name; `order` applies to all of them. */
export type Targets = { into: Readonly<Record<string, Float64Array>>; order?: Int32Array };

/**
 * Decodes the named columns one after another; stops at the first that fails and says which. The next column chunk
 * is read from the file while the current one decodes, into one of two buffers reused for the whole share.
 */
export async function decodeShare(handle: FileHandle, meta: FileMetaData, leaves: Map<string, SchemaElement>, names: readonly string[], as: ReadonlyMap<string, ReadAs>, path: string, targets?: Targets): Promise<ShareResult> {
  const columns: Record<string, ReadColumn> = {};
  const rows = Number(meta.num_rows);
  const reader = new ChunkReader(handle);
  try {
    for (let c = 0; c < names.length; c++) {
      const name = names[c]!;
      try {
        const out = targets?.into[name];
        const target = out === undefined ? undefined : { out, ...(targets!.order === undefined ? {} : { order: targets!.order }) };
        columns[name] = await readColumn(reader, meta, name, leaves.get(name)!, rows, path, as.get(name) ?? 'native', target, names[c + 1]);
      } catch (error) {
        return { columns, failed: { column: name, error } };
      }
    }
    return { columns };
  } finally {
    await reader.settle();
  }
}

/**
 * Buffer pairs of finished readers, reused by the next reader on this thread: fresh memory is first touched page by
 * page (on the bench VM ~5 ms of CPU per MiB), and a materialize makes a reader for each group of columns it decodes.
 */
const spare: [Buffer, Buffer][] = [];
/** Larger buffers (a file with huge row groups) are let go rather than kept for the thread's lifetime. */
const SPARE_MAX_BYTES = 16 << 20;

/** Reads column chunks through two reused buffers: one being decoded, the other being filled with the next chunk. */
class ChunkReader {
  #handle: FileHandle;
  #buffers: [Buffer, Buffer] = spare.pop() ?? [Buffer.alloc(0), Buffer.alloc(0)];
  #turn = 0;
  #ahead: { position: number; length: number; bytes: Promise<Uint8Array> } | undefined;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** The bytes [position, position + length): the read started by `prefetch` if it was this range, else a new one. */
  read(position: number, length: number): Promise<Uint8Array> {
    const a = this.#ahead;
    this.#ahead = undefined;
    if (a !== undefined && a.position === position && a.length === length) return a.bytes;
    return a === undefined ? this.#start(position, length) : a.bytes.then(() => this.#start(position, length), () => this.#start(position, length));
  }

  /** Starts reading the range that will be asked for next, into the buffer not in use. */
  prefetch(position: number, length: number): void {
    if (this.#ahead === undefined) this.#ahead = { position, length, bytes: this.#start(position, length) };
  }

  /** Waits for a read still under way, so that no read outlives the file handle; then gives the buffers back. */
  async settle(): Promise<void> {
    const a = this.#ahead;
    this.#ahead = undefined;
    if (a !== undefined) await a.bytes.catch(() => undefined);
    if (spare.length < 4 && this.#buffers.every((b) => b.byteLength <= SPARE_MAX_BYTES)) spare.push(this.#buffers);
    this.#buffers = [Buffer.alloc(0), Buffer.alloc(0)];
  }

  #start(position: number, length: number): Promise<Uint8Array> {
    this.#turn ^= 1;
    let buf = this.#buffers[this.#turn]!;
    if (buf.byteLength < length) {
      buf = Buffer.allocUnsafeSlow(Math.max(length, Math.ceil(buf.byteLength * 1.5)));
      this.#buffers[this.#turn] = buf;
    }
    return readInto(this.#handle, buf, position, length);
  }
}

/** The bytes a column takes once decompressed, summed over row groups: the weight of its decoding. */
export function columnSize(meta: FileMetaData, name: string): number {
  let size = 0;
  for (const group of meta.row_groups) {
    const cm = chunkOf(group.columns, name);
    if (cm !== undefined) size += Number(cm.total_uncompressed_size);
  }
  return size;
}

function chunkOf(chunks: FileMetaData['row_groups'][number]['columns'], name: string): ColumnMetaData | undefined {
  return chunks.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name)?.meta_data;
}

/** Decodes one column, row group by row group; prefetches its next chunk, or the first chunk of column `next`. */
async function readColumn(reader: ChunkReader, meta: FileMetaData, name: string, element: SchemaElement, rows: number, path: string, as: ReadAs, target: FloatTarget | undefined, next: string | undefined): Promise<ReadColumn> {
  const where = `readParquetColumns ${path}: column "${name}"`;
  const sink = makeSink(element, rows, where, as, target);
  const optional = element.repetition_type === 'OPTIONAL';
  let groupStart = 0;
  for (let g = 0; g < meta.row_groups.length; g++) {
    const group = meta.row_groups[g]!;
    const groupRows = Number(group.num_rows);
    const cm = chunkOf(group.columns, name);
    if (cm === undefined) throw new Error(`${where}: row group ${g} has no chunk for it`);
    const bytes = await reader.read(chunkStart(cm), Number(cm.total_compressed_size));
    const following = g + 1 < meta.row_groups.length ? chunkOf(meta.row_groups[g + 1]!.columns, name) : next === undefined ? undefined : chunkOf(meta.row_groups[0]!.columns, next);
    if (following !== undefined) reader.prefetch(chunkStart(following), Number(following.total_compressed_size));
    sink.chunk();
    try {
      decodeChunk(bytes, cm, element, optional, groupStart, groupRows, sink, where);
    } catch (e) {
      // Errors of the codecs and of hyparquet's decoders say what broke but not where.
      const message = (e as Error).message;
      throw message.startsWith(where) ? e : new Error(`${where}, row group ${g}: ${message}`);
    }
    groupStart += groupRows;
  }
  return sink.result();
}

/** The first byte of a chunk: its dictionary page when it has one (some writers put 0 there when it has none). */
function chunkStart(cm: ColumnMetaData): number {
  const data = Number(cm.data_page_offset);
  const dict = cm.dictionary_page_offset === undefined ? 0 : Number(cm.dictionary_page_offset);
  return dict > 0 && dict < data ? dict : data;
}

/** Walks the pages of one column chunk and hands each data page's values to the sink. */
function decodeChunk(bytes: Uint8Array, cm: ColumnMetaData, element: SchemaElement, optional: boolean, groupStart: number, groupRows: number, sink: Sink, where: string): void {
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  let seen = 0;
  while (seen < groupRows) {
    if (reader.offset >= bytes.byteLength) throw new Error(`${where}: chunk ended after ${seen} of ${groupRows} rows`);
    const header = parquetHeader(reader);
    const body = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const page = decompressPage(body, header.uncompressed_page_size, cm.codec, COMPRESSORS);
      const count = header.dictionary_page_header?.num_values ?? 0;
      sink.dictionary(readPlain(readerOf(page), cm.type, count, element.type_length));
    } else if (header.type === 'DATA_PAGE' || header.type === 'DATA_PAGE_V2') {
      const n = decodeDataPage(body, header, cm, element, optional, groupStart + seen, sink, where);
      seen += n;
    } // index pages carry nothing to read
  }
}

let defScratch = new Uint8Array(1 << 17);
let idxScratch = new Int32Array(1 << 17);

function defsOf(n: number): Uint8Array {
  if (defScratch.length < n) defScratch = new Uint8Array(n);
  return defScratch.subarray(0, n);
}

function idxOf(n: number): Int32Array {
  if (idxScratch.length < n) idxScratch = new Int32Array(n);
  return idxScratch.subarray(0, n);
}

/** Decodes one data page (v1 or v2) into definition levels and values; returns its row count. */
function decodeDataPage(body: Uint8Array, header: PageHeader, cm: ColumnMetaData, element: SchemaElement, optional: boolean, at: number, sink: Sink, where: string): number {
  let n: number;
  let encoding: string;
  let page: Uint8Array;
  let defs: Uint8Array | null = null;
  if (header.type === 'DATA_PAGE') {
    const h = header.data_page_header!;
    n = h.num_values;
    encoding = h.encoding;
    page = dataPageBytes(body, header.uncompressed_page_size, cm.codec);
    const r = readerOf(page);
    if (optional) {
      if (h.definition_level_encoding !== 'RLE') throw new Error(`${where}: definition levels encoded as ${h.definition_level_encoding}`);
      defs = defsOf(n);
      readRleBitPackedHybrid(r, 1, defs); // v1: the levels carry a 4-byte length prefix
    }
    page = page.subarray(r.offset);
  } else {
    const h = header.data_page_header_v2!;
    n = h.num_values;
    encoding = h.encoding;
    if (h.repetition_levels_byte_length > 0) throw new Error(`${where}: repetition levels in a flat column`);
    const levels = h.definition_levels_byte_length;
    if (optional && levels > 0) {
      defs = defsOf(n);
      readRleBitPackedHybrid(readerOf(body), 1, defs, levels);
    }
    const rest = body.subarray(levels);
    page = h.is_compressed === false ? rest : dataPageBytes(rest, header.uncompressed_page_size - levels, cm.codec);
  }
  let present = n;
  if (defs !== null) {
    present = 0;
    for (let i = 0; i < n; i++) present += defs[i]!;
    if (present === n) defs = null;
  }
  sink.page(at, n, defs, decodeValues(page, encoding, cm, element, present, where));
  return n;
}

/**
 * A data page's bytes decompressed. Zstd pages go into a buffer reused page after page (their values are copied out
 * before the next page); dictionary pages, whose values a sink may keep, always get memory of their own.
 */
function dataPageBytes(body: Uint8Array, size: number, codec: ColumnMetaData['codec']): Uint8Array {
  if (codec !== 'ZSTD') return decompressPage(body, size, codec, COMPRESSORS);
  const page = zstdInto(body, size);
  if (page.length !== size) throw new Error(`parquet decompressed page length ${page.length} does not match header ${size}`);
  return page;
}

/** Decodes `count` non-null values of a page body in the given encoding. */
function decodeValues(page: Uint8Array, encoding: string, cm: ColumnMetaData, element: SchemaElement, count: number, where: string): Values {
  const r = readerOf(page);
  const type = cm.type;
  if (count === 0) return { plain: [] };
  switch (encoding) {
    case 'PLAIN':
      return { plain: type === 'DOUBLE' ? doublesOf(page, count) : readPlain(r, type, count, element.type_length) };
    case 'PLAIN_DICTIONARY':
    case 'RLE_DICTIONARY': {
      const width = r.view.getUint8(r.offset++);
      const idx = idxOf(count);
      if (width === 0) idx.fill(0);
      else readRleBitPackedHybrid(r, width, idx, page.length - r.offset);
      return { idx };
    }
    case 'RLE': {
      if (type !== 'BOOLEAN') throw new Error(`${where}: RLE values of type ${type}`);
      const out = new Uint8Array(count);
      readRleBitPackedHybrid(r, 1, out);
      return { plain: out };
    }
    case 'BYTE_STREAM_SPLIT':
      return { plain: byteStreamSplit(r, count, type, element.type_length) };
    case 'DELTA_BINARY_PACKED': {
      const out = type === 'INT32' ? new Int32Array(count) : new BigInt64Array(count);
      deltaBinaryUnpack(r, count, out);
      return { plain: out };
    }
    case 'DELTA_LENGTH_BYTE_ARRAY': {
      const out: Uint8Array[] = new Array(count);
      deltaLengthByteArray(r, count, out);
      return { plain: out };
    }
    case 'DELTA_BYTE_ARRAY': {
      const out: Uint8Array[] = new Array(count);
      deltaByteArray(r, count, out);
      return { plain: out };
    }
    default:
      throw new Error(`${where}: unsupported encoding ${encoding}`);
  }
}

let doubleScratch = new Float64Array(1 << 17);

/**
 * The first `count` PLAIN doubles of a page (little-endian, as the typed array reads them on the little-endian
 * machines Node runs on): a view when the page is 8-byte aligned, else a copy into a scratch array reused page to page.
 */
function doublesOf(page: Uint8Array, count: number): Float64Array {
  if (page.byteLength < count * 8) throw new Error(`a PLAIN page of ${page.byteLength} bytes cannot hold ${count} doubles`);
  if (page.byteOffset % 8 === 0) return new Float64Array(page.buffer, page.byteOffset, count);
  if (doubleScratch.length < count) doubleScratch = new Float64Array(count);
  new Uint8Array(doubleScratch.buffer, 0, count * 8).set(page.subarray(0, count * 8));
  return doubleScratch.subarray(0, count);
}

function readerOf(bytes: Uint8Array): { view: DataView; offset: number } {
  return { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
}

/** `length` bytes of the file from `position`, in a buffer of their own. */
export async function readRange(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  return readInto(handle, Buffer.allocUnsafeSlow(length), position, length);
}

/** `length` bytes of the file from `position`, read into the start of `buf`; the view of them. */
async function readInto(handle: FileHandle, buf: Buffer, position: number, length: number): Promise<Uint8Array> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
  return buf.byteLength === length ? buf : buf.subarray(0, length);
}
