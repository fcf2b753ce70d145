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
export function makeSink(element: SchemaElement, rows: number, where: string, as: ReadAs): Sink {
  const type = element.type;
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

function floatSink(rows: number, convert: Convert | null): Sink {
  const out = new Float64Array(rows);
  const conv = convert ?? num;
  let dict = new Float64Array(0);
  let nulls = 0;
  return {
    chunk: () => { dict = new Float64Array(0); },
    // Each dictionary entry is converted once (bigints and decimals included), not once per row.
    dictionary: (v) => { dict = Float64Array.from(v as ArrayLike<unknown>, conv); },
    page(at, n, defs, values) {
      if (defs === null && convert === null && values.plain instanceof Float64Array) { out.set(values.plain.subarray(0, n), at); return; }
      let k = 0;
      if (values.idx !== undefined) {
        const idx = values.idx;
        for (let i = 0; i < n; i++) {
          if (defs !== null && defs[i] === 0) { out[at + i] = Number.NaN; nulls++; continue; }
          out[at + i] = dict[idx[k++]!]!;
        }
        return;
      }
      const src = values.plain as ArrayLike<unknown>;
      for (let i = 0; i < n; i++) {
        if (defs !== null && defs[i] === 0) { out[at + i] = Number.NaN; nulls++; continue; }
        out[at + i] = conv(src[k++]);
      }
    },
    result: () => ({ kind: 'f64', values: out, nulls }),
  };
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
