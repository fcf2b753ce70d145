/**
 * Where decoded Parquet pages land: one sink per column, shaped by the column's physical and logical type (see
 * ReadColumn). Nulls arrive as definition levels; only float sinks keep them (as NaN), the others refuse them.
 */
import type { DecodedArray, SchemaElement } from 'hyparquet';
import type { ReadColumn } from './parquet-columns.ts';

export type Sink = {
  /** Writes one page of `n` rows at row `at`: `defs` (1 = present) or null when all are present. */
  page(at: number, n: number, defs: Uint8Array | null, values: Values): void;
  /** Starts a new column chunk (its dictionary page, if any, follows). */
  chunk(): void;
  /** The dictionary page of the current chunk. */
  dictionary(values: DecodedArray): void;
  result(): ReadColumn;
};

/** Decoded non-null values of a page: plain values, or indices into the chunk's dictionary. */
export type Values = { plain: DecodedArray; idx?: undefined } | { idx: Int32Array; plain?: undefined };

/** How a column is asked to be read: as its type says, as f64 (nulls as NaN), or as a 0/1 flag (nulls as 0). */
export type ReadAs = 'native' | 'float' | 'flag';

/**
 * The sink for a column. 'float' reads INT32 and BOOLEAN as f64 too (so they may hold nulls); DECIMAL and unsigned
 * 32-bit integers always are, since an Int32Array cannot hold them. 'flag' reads numbers and booleans as 0/1. Strings
 * are read as strings whatever is asked.
 */
export function makeSink(element: SchemaElement, rows: number, where: string, as: ReadAs, target?: FloatTarget): Sink {
  const type = element.type;
  if (target !== undefined) {
    const floats = type === 'DOUBLE' || type === 'FLOAT' || type === 'INT64' || ((type === 'INT32' || type === 'BOOLEAN') && as === 'float');
    if (!floats || as === 'flag') throw new Error(`${where}: only a float column can be read into a given array (this one is ${type}${as === 'flag' ? ', read as a flag' : ''})`);
    if (target.out.length < rows) throw new Error(`${where}: the array to read into holds ${target.out.length} values, the file has ${rows} rows`);
    if (target.order !== undefined && target.order.length < rows) throw new Error(`${where}: the row order holds ${target.order.length} positions, the file has ${rows} rows`);
    return floatSink(rows, type === 'BOOLEAN' ? (v) => (v ? 1 : 0) : converter(element), target);
  }
  if (as === 'flag' && (type === 'BOOLEAN' || type === 'INT32' || type === 'INT64' || type === 'DOUBLE' || type === 'FLOAT')) {
    return flagSink(rows, type === 'BOOLEAN' ? (v) => (v ? 1 : 0) : (converter(element) ?? num));
  }
  switch (type) {
    case 'DOUBLE':
    case 'FLOAT':
    case 'INT64':
      return floatSink(rows, converter(element));
    case 'INT32':
      return as === 'float' || converter(element) !== null ? floatSink(rows, converter(element)) : intSink(rows, where);
    case 'BYTE_ARRAY':
      return stringSink(rows, where);
    case 'BOOLEAN':
      return as === 'float' ? floatSink(rows, (v) => (v ? 1 : 0)) : boolSink(rows, where);
    default:
      throw new Error(`${where}: type ${type} is not read`);
  }
}

type Convert = (v: unknown) => number;

/** How a stored integer becomes its number, or null when it already is one (or a bigint that Number() converts). */
function converter(element: SchemaElement): Convert | null {
  const lt = element.logical_type;
  const scale = lt?.type === 'DECIMAL' ? lt.scale : element.converted_type === 'DECIMAL' ? (element.scale ?? 0) : 0;
  // Dividing by an exact power of ten rounds once, to the double nearest the decimal, as parsing its text would.
  if (scale > 0) { const p = 10 ** scale; return (v) => Number(v) / p; }
  const unsigned = (lt?.type === 'INTEGER' && !lt.isSigned) || element.converted_type === 'UINT_32' || element.converted_type === 'UINT_64';
  if (!unsigned) return null;
  if (element.type === 'INT32') return (v) => (v as number) >>> 0;
  if (element.type === 'INT64') return (v) => Number(BigInt.asUintN(64, v as bigint));
  return null;
}

/** A number from a decoded value, which is a bigint for INT64. */
function num(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

/**
 * Where a float column is decoded to instead of a fresh array: `out` (e.g. over a SharedArrayBuffer, length >= rows),
 * and optionally `order`, the position in `out` of each file row (a permutation, e.g. date-major); row r goes to out[order[r]].
 */
export type FloatTarget = { out: Float64Array; order?: Int32Array };

function floatSink(rows: number, convert: Convert | null, target?: FloatTarget): Sink {
  const out = target?.out ?? new Float64Array(rows);
  const order = target?.order ?? null;
  const conv = convert ?? num;
  let dict = new Float64Array(0);
  let nulls = 0;
  return {
    chunk: () => { dict = new Float64Array(0); },
    // Each dictionary entry is converted once (bigints and decimals included), not once per row.
    dictionary: (v) => { dict = Float64Array.from(v as ArrayLike<unknown>, conv); },
    page(at, n, defs, values) {
      if (convert === null && values.plain instanceof Float64Array) {
        nulls += order === null ? copyDoubles(out, at, n, defs, values.plain) : scatterDoubles(out, order, at, n, defs, values.plain);
        return;
      }
      let k = 0;
      if (values.idx !== undefined) {
        const idx = values.idx;
        for (let i = 0; i < n; i++) {
          const to = order === null ? at + i : order[at + i]!;
          if (defs !== null && defs[i] === 0) { out[to] = Number.NaN; nulls++; continue; }
          out[to] = dict[idx[k++]!]!;
        }
        return;
      }
      const src = values.plain as ArrayLike<unknown>;
      for (let i = 0; i < n; i++) {
        const to = order === null ? at + i : order[at + i]!;
        if (defs !== null && defs[i] === 0) { out[to] = Number.NaN; nulls++; continue; }
        out[to] = conv(src[k++]);
      }
    },
    result: () => ({ kind: 'f64', values: out, nulls }),
  };
}

/** out[at + i] for the n rows of a page from its non-null doubles (NaN where defs is 0); returns the nulls. */
function copyDoubles(out: Float64Array, at: number, n: number, defs: Uint8Array | null, src: Float64Array): number {
  if (defs === null) { out.set(src.subarray(0, n), at); return 0; }
  let k = 0;
  for (let i = 0; i < n; i++) out[at + i] = defs[i] === 0 ? Number.NaN : src[k++]!;
  return n - k;
}

/** out[order[at + i]] for the n rows of a page from its non-null doubles (NaN where defs is 0); returns the nulls. */
function scatterDoubles(out: Float64Array, order: Int32Array, at: number, n: number, defs: Uint8Array | null, src: Float64Array): number {
  if (defs === null) { for (let i = 0; i < n; i++) out[order[at + i]!] = src[i]!; return 0; }
  let k = 0;
  for (let i = 0; i < n; i++) out[order[at + i]!] = defs[i] === 0 ? Number.NaN : src[k++]!;
  return n - k;
}

/** 1 where the value is 1 (or true), 0 elsewhere, nulls included: the J-Quants UL/LL reading. */
function flagSink(rows: number, conv: Convert): Sink {
  const out = new Uint8Array(rows);
  let dict = new Uint8Array(0);
  return {
    chunk: () => { dict = new Uint8Array(0); },
    dictionary: (v) => { dict = Uint8Array.from(v as ArrayLike<unknown>, (x) => (conv(x) === 1 ? 1 : 0)); },
    page(at, n, defs, values) {
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (defs !== null && defs[i] === 0) continue; // the array starts at 0
        out[at + i] = values.idx !== undefined ? dict[values.idx[k++]!]! : conv(values.plain[k++]) === 1 ? 1 : 0;
      }
    },
    result: () => ({ kind: 'bool', values: out }),
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
