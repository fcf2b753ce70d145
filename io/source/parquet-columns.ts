/**
 * Reads named columns of a flat Parquet file straight into typed arrays: doubles as Float64Array with NaN for
 * null, INT32 (dates, small ints) as Int32Array, strings as an Int32 index into a string dictionary, booleans as
 * Uint8Array. Pages are decoded with hyparquet's primitives (page headers, RLE/bit-packed hybrid, PLAIN, delta,
 * byte-stream-split) and scattered by their definition levels, so no per-row object or `null`-holding JS array is
 * built on the common path. One column chunk is in memory at a time.
 */
import { open, type FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { parquetMetadataAsync, type ColumnMetaData, type Compressors, type DecodedArray, type FileMetaData, type PageHeader, type SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { deltaBinaryUnpack, deltaByteArray, deltaLengthByteArray } from 'hyparquet/src/delta.js';
import { byteStreamSplit, readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { compressors as jsCompressors } from 'hyparquet-compressors';

/** One column as read: the shape follows the Parquet physical type. */
export type ReadColumn =
  /** DOUBLE, FLOAT and INT64: NaN where the file holds a null. */
  | { kind: 'f64'; values: Float64Array; nulls: number }
  /** INT32, including DATE (days since 1970-01-01) and INT(8/16). Nulls are refused. */
  | { kind: 'i32'; values: Int32Array }
  /** BYTE_ARRAY as UTF-8: `indices[i]` indexes `dictionary` (in order of first appearance). Nulls are refused. */
  | { kind: 'dict'; indices: Int32Array; dictionary: string[] }
  /** BOOLEAN as 0/1. Nulls are refused. */
  | { kind: 'bool'; values: Uint8Array };

export type ParquetColumns = { rows: number; columns: Record<string, ReadColumn> };

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

/** Reads the named columns of a Parquet file (all columns when `names` is omitted). */
export async function readParquetColumns(path: string, names?: readonly string[]): Promise<ParquetColumns> {
  const handle = await open(path, 'r');
  try {
    const meta = await footer(handle);
    const rows = Number(meta.num_rows);
    const leaves = flatLeaves(meta, path);
    const wanted = names ?? [...leaves.keys()];
    const columns: Record<string, ReadColumn> = {};
    for (const name of wanted) {
      const element = leaves.get(name);
      if (element === undefined) throw new Error(`readParquetColumns ${path}: no column "${name}" (columns: ${[...leaves.keys()].join(', ')})`);
      columns[name] = await readColumn(handle, meta, name, element, rows, path);
    }
    return { rows, columns };
  } finally {
    await handle.close();
  }
}

/** The top-level column names of a Parquet file, in schema order (reads only the footer). */
export async function parquetColumnNames(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    return [...flatLeaves(await footer(handle), path).keys()];
  } finally {
    await handle.close();
  }
}

async function footer(handle: FileHandle): Promise<FileMetaData> {
  const size = (await handle.stat()).size;
  return parquetMetadataAsync({ byteLength: size, slice: (a, b) => readRange(handle, a, (b ?? size) - a).then(toArrayBuffer) });
}

/** The Float64 values of a column read by readParquetColumns, or an error naming the column and its kind. */
export function f64Of(t: ParquetColumns, name: string): Float64Array {
  const c = t.columns[name];
  if (c?.kind !== 'f64') throw new Error(`column "${name}" is ${c === undefined ? 'missing' : c.kind}, not a float column`);
  return c.values;
}

/** The Int32 values of a column read by readParquetColumns (e.g. a DATE), or an error naming the column. */
export function i32Of(t: ParquetColumns, name: string): Int32Array {
  const c = t.columns[name];
  if (c?.kind !== 'i32') throw new Error(`column "${name}" is ${c === undefined ? 'missing' : c.kind}, not an INT32 column`);
  return c.values;
}

/** The dictionary form of a string column read by readParquetColumns, or an error naming the column. */
export function dictOf(t: ParquetColumns, name: string): { indices: Int32Array; dictionary: string[] } {
  const c = t.columns[name];
  if (c?.kind !== 'dict') throw new Error(`column "${name}" is ${c === undefined ? 'missing' : c.kind}, not a string column`);
  return c;
}

/** The 0/1 values of a boolean column read by readParquetColumns, or an error naming the column. */
export function boolOf(t: ParquetColumns, name: string): Uint8Array {
  const c = t.columns[name];
  if (c?.kind !== 'bool') throw new Error(`column "${name}" is ${c === undefined ? 'missing' : c.kind}, not a boolean column`);
  return c.values;
}

/** Top-level leaf columns by name; nested schemas are refused, since gq's tables are flat. */
function flatLeaves(meta: FileMetaData, path: string): Map<string, SchemaElement> {
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

type Sink = {
  /** Writes one page of `n` rows at row `at`: `defs` (1 = present) or null when all are present. */
  page(at: number, n: number, defs: Uint8Array | null, values: Values): void;
  /** Starts a new column chunk (its dictionary page, if any, follows). */
  chunk(): void;
  /** The dictionary page of the current chunk. */
  dictionary(values: DecodedArray): void;
  result(): ReadColumn;
};

/** Decoded non-null values of a page: plain values, or indices into the chunk's dictionary. */
type Values = { plain: DecodedArray; idx?: undefined } | { idx: Int32Array; plain?: undefined };

async function readColumn(handle: FileHandle, meta: FileMetaData, name: string, element: SchemaElement, rows: number, path: string): Promise<ReadColumn> {
  const where = `readParquetColumns ${path}: column "${name}"`;
  const sink = makeSink(element, rows, where);
  const optional = element.repetition_type === 'OPTIONAL';
  let groupStart = 0;
  for (const group of meta.row_groups) {
    const groupRows = Number(group.num_rows);
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name);
    const cm = chunk?.meta_data;
    if (cm === undefined) throw new Error(`${where}: a row group has no chunk for it`);
    const start = chunkStart(cm);
    const bytes = await readRange(handle, start, Number(cm.total_compressed_size));
    sink.chunk();
    decodeChunk(bytes, cm, element, optional, groupStart, groupRows, sink, where);
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
    page = decompressPage(body, header.uncompressed_page_size, cm.codec, COMPRESSORS);
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
    page = h.is_compressed === false ? rest : decompressPage(rest, header.uncompressed_page_size - levels, cm.codec, COMPRESSORS);
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

/** Decodes `count` non-null values of a page body in the given encoding. */
function decodeValues(page: Uint8Array, encoding: string, cm: ColumnMetaData, element: SchemaElement, count: number, where: string): Values {
  const r = readerOf(page);
  const type = cm.type;
  if (count === 0) return { plain: [] };
  switch (encoding) {
    case 'PLAIN':
      return { plain: readPlain(r, type, count, element.type_length) };
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

function makeSink(element: SchemaElement, rows: number, where: string): Sink {
  switch (element.type) {
    case 'DOUBLE':
    case 'FLOAT':
    case 'INT64':
      return floatSink(rows);
    case 'INT32':
      return intSink(rows, where);
    case 'BYTE_ARRAY':
      return stringSink(rows, where);
    case 'BOOLEAN':
      return boolSink(rows, where);
    default:
      throw new Error(`${where}: type ${element.type} is not read`);
  }
}

/** A number from a decoded value, which is a bigint for INT64. */
function num(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

function floatSink(rows: number): Sink {
  const out = new Float64Array(rows);
  let dict: ArrayLike<number | bigint> = [];
  let nulls = 0;
  return {
    chunk: () => { dict = []; },
    dictionary: (v) => { dict = v as ArrayLike<number | bigint>; },
    page(at, n, defs, values) {
      if (defs === null && values.plain instanceof Float64Array) { out.set(values.plain.subarray(0, n), at); return; }
      const src: ArrayLike<number | bigint> = values.idx ?? (values.plain as ArrayLike<number | bigint>);
      const d = values.idx === undefined ? null : dict;
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (defs !== null && defs[i] === 0) { out[at + i] = Number.NaN; nulls++; continue; }
        const v = src[k++]!;
        out[at + i] = d === null ? num(v) : num(d[v as number]!);
      }
    },
    result: () => ({ kind: 'f64', values: out, nulls }),
  };
}

function refuseNull(defs: Uint8Array | null, at: number, n: number, where: string): void {
  if (defs === null) return;
  const i = defs.indexOf(0);
  if (i >= 0 && i < n) throw new Error(`${where}: null at row ${at + i}; only float columns may hold nulls`);
}

function intSink(rows: number, where: string): Sink {
  const out = new Int32Array(rows);
  let dict: ArrayLike<number> = [];
  return {
    chunk: () => { dict = []; },
    dictionary: (v) => { dict = v as ArrayLike<number>; },
    page(at, n, defs, values) {
      refuseNull(defs, at, n, where);
      if (values.idx !== undefined) for (let i = 0; i < n; i++) out[at + i] = dict[values.idx[i]!]!;
      else if (values.plain instanceof Int32Array) out.set(values.plain.subarray(0, n), at);
      else for (let i = 0; i < n; i++) out[at + i] = values.plain[i] as number;
    },
    result: () => ({ kind: 'i32', values: out }),
  };
}

function boolSink(rows: number, where: string): Sink {
  const out = new Uint8Array(rows);
  let dict: ArrayLike<unknown> = [];
  return {
    chunk: () => { dict = []; },
    dictionary: (v) => { dict = v; },
    page(at, n, defs, values) {
      refuseNull(defs, at, n, where);
      for (let i = 0; i < n; i++) out[at + i] = (values.idx !== undefined ? dict[values.idx[i]!] : values.plain[i]) ? 1 : 0;
    },
    result: () => ({ kind: 'bool', values: out }),
  };
}

/** Strings are interned once per chunk dictionary entry, not once per row. */
function stringSink(rows: number, where: string): Sink {
  const indices = new Int32Array(rows);
  const dictionary: string[] = [];
  const byText = new Map<string, number>();
  const utf8 = new TextDecoder();
  let remap = new Int32Array(0);
  const intern = (bytes: Uint8Array): number => {
    const s = utf8.decode(bytes);
    let k = byText.get(s);
    if (k === undefined) { k = dictionary.length; dictionary.push(s); byText.set(s, k); }
    return k;
  };
  return {
    chunk: () => { remap = new Int32Array(0); },
    dictionary(v) {
      const entries = v as Uint8Array[];
      remap = new Int32Array(entries.length);
      for (let j = 0; j < entries.length; j++) remap[j] = intern(entries[j]!);
    },
    page(at, n, defs, values) {
      refuseNull(defs, at, n, where);
      if (values.idx !== undefined) {
        for (let i = 0; i < n; i++) indices[at + i] = remap[values.idx[i]!]!;
      } else {
        const src = values.plain as Uint8Array[];
        for (let i = 0; i < n; i++) indices[at + i] = intern(src[i]!);
      }
    },
    result: () => ({ kind: 'dict', indices, dictionary }),
  };
}

function readerOf(bytes: Uint8Array): { view: DataView; offset: number } {
  return { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
}

async function readRange(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
  return buf;
}

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.byteOffset === 0 && u.byteLength === u.buffer.byteLength ? (u.buffer as ArrayBuffer) : (u.slice().buffer as ArrayBuffer);
}
