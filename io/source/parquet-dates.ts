/**
 * A Parquet Date column as Int32 days since 1970-01-01, whatever form the writer chose: DATE (polars, DuckDB,
 * pyarrow from datetime.date), TIMESTAMP in ms/us/ns (pandas datetime64, DuckDB TIMESTAMP), `YYYY-MM-DD` or
 * `YYYYMMDD` text (J-Quants' own form), or `YYYYMMDD` integers (pandas' reading of such text).
 */
import type { SchemaElement } from 'hyparquet';
import { parseDay } from '../../engine/dates.ts';
import type { ReadColumn } from './parquet-columns.ts';

/** How a Date column holds its days; null when it holds them in no form gq reads. */
export type DateForm =
  | { kind: 'days' }
  | { kind: 'timestamp'; perDay: number }
  | { kind: 'text' }
  | { kind: 'yyyymmdd' };

const PER_DAY = { MILLIS: 86_400e3, MICROS: 86_400e6, NANOS: 86_400e9 } as const;

/** The form of a Date column, from its schema element alone. */
export function dateForm(e: SchemaElement): DateForm | null {
  const lt = e.logical_type;
  if (e.type === 'INT32' && (lt?.type === 'DATE' || e.converted_type === 'DATE')) return { kind: 'days' };
  if (e.type === 'INT64' && lt?.type === 'TIMESTAMP') return { kind: 'timestamp', perDay: PER_DAY[lt.unit] };
  if (e.type === 'INT64' && e.converted_type === 'TIMESTAMP_MILLIS') return { kind: 'timestamp', perDay: PER_DAY.MILLIS };
  if (e.type === 'INT64' && e.converted_type === 'TIMESTAMP_MICROS') return { kind: 'timestamp', perDay: PER_DAY.MICROS };
  if (e.type === 'BYTE_ARRAY' && (lt === undefined || lt.type === 'STRING') && (e.converted_type === undefined || e.converted_type === 'UTF8')) return { kind: 'text' };
  const plainInteger = (lt === undefined || lt.type === 'INTEGER') && (e.converted_type === undefined || /^U?INT_/.test(e.converted_type));
  if ((e.type === 'INT32' || e.type === 'INT64') && plainInteger) return { kind: 'yyyymmdd' };
  return null;
}

/** Days since the epoch of every row; a null or a value that is no calendar day is an error naming it and its row. */
export function daysOf(c: ReadColumn, form: DateForm, where: string): Int32Array {
  if (form.kind === 'days' && c.kind === 'i32') return c.values;
  if (form.kind === 'text' && c.kind === 'dict') return fromText(c.indices, c.dictionary, where);
  if (form.kind === 'timestamp' && c.kind === 'f64') return fromTimestamps(c.values, form.perDay, where);
  if (form.kind === 'yyyymmdd' && (c.kind === 'i32' || c.kind === 'f64')) return fromIntegers(c.values, where);
  throw new Error(`${where}: read as ${c.kind}, which does not fit its ${form.kind} form`);
}

/** Each distinct string is parsed once, through the column's dictionary. */
function fromText(indices: Int32Array, dictionary: readonly string[], where: string): Int32Array {
  const days = Float64Array.from(dictionary, parseDay);
  const out = new Int32Array(indices.length);
  for (let i = 0; i < out.length; i++) {
    const d = days[indices[i]!]!;
    if (d !== d) throw new Error(`${where}: ${JSON.stringify(dictionary[indices[i]!])} (row ${i}) is not a YYYY-MM-DD or YYYYMMDD date`);
    out[i] = d;
  }
  return out;
}

/**
 * Timestamps at midnight only: a time of day means another time zone (JST midnight is 15:00 UTC the day before), and
 * taking its UTC day would move every bar by one. Midnight in ns is a multiple of 2^16 below 2^53, so the f64 the reader
 * made of the INT64 is exact and the remainder test is too.
 */
function fromTimestamps(values: Float64Array, perDay: number, where: string): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const x = values[i]!;
    if (x !== x) throw new Error(`${where}: null at row ${i}`);
    if (x % perDay !== 0) {
      const iso = new Date(x / (perDay / 86_400e3)).toISOString();
      throw new Error(`${where}: ${iso} (row ${i}) has a time of day; write dates as DATE or as YYYY-MM-DD text (a time-zone-aware timestamp is not read as a day)`);
    }
    out[i] = x / perDay;
  }
  return out;
}

/** YYYYMMDD integers, each distinct value parsed once (rows of one day come in runs). */
function fromIntegers(values: Int32Array | Float64Array, where: string): Int32Array {
  const out = new Int32Array(values.length);
  const memo = new Map<number, number>();
  let last = Number.NaN;
  let lastDay = 0;
  for (let i = 0; i < out.length; i++) {
    const x = values[i]!;
    if (x !== last) {
      let d = memo.get(x);
      if (d === undefined) {
        d = Number.isInteger(x) ? parseDay(String(x)) : Number.NaN;
        if (d !== d) throw new Error(`${where}: ${x !== x ? 'null' : x} (row ${i}) is not a YYYYMMDD date`);
        memo.set(x, d);
      }
      last = x;
      lastDay = d;
    }
    out[i] = lastDay;
  }
  return out;
}
