/**
 * The entities of a historical join: a CSV or Parquet file with a `Code` column and one timestamp column, the first
 * of `event_timestamp`, `timestamp`, `ts`, `datetime`, `Date` present. Accepted timestamps: ISO-8601 text with an
 * offset (`2025-06-10T10:00:00+09:00`, `...Z`) or without one (read as JST), a Parquet TIMESTAMP (ms/us/ns; one not
 * adjusted to UTC is read as JST wall-clock time), or a DATE (00:00 JST of that day). Codes are strings; a numeric
 * Parquet Code becomes its decimal text (7203).
 */
import { readFile } from 'node:fs/promises';
import type { SchemaElement } from 'hyparquet';
import { readParquetColumns, readParquetSchema } from '../io/source/parquet-columns.ts';
import { parseCsv } from '../io/source/parse-csv.ts';
import { GqError } from '../io/gq-error.ts';
import { jstInstant, JST_OFFSET_MS, parseTimestamp } from './time.ts';

export type Entities = {
  /** Code of each row (as given). */
  codes: string[];
  /** Epoch ms of each row. */
  ts: Float64Array;
  /** The timestamp column's name in the file. */
  timestampColumn: string;
};

export const TIMESTAMP_COLUMNS = ['event_timestamp', 'timestamp', 'ts', 'datetime', 'Date'];

/** Reads an entities file (.csv or .parquet). */
export async function readEntities(path: string): Promise<Entities> {
  if (/\.parquet$/i.test(path)) return readParquetEntities(path);
  if (/\.csv$/i.test(path)) return readCsvEntities(path);
  throw new GqError('BAD_OPTION', `entities file ${path}: give a .csv or .parquet file with Code and event_timestamp columns`);
}

/** Entities from rows of (Code, timestamp text), e.g. a library caller's objects. */
export function entitiesFromRows(rows: readonly { Code: string; event_timestamp: string | Date }[]): Entities {
  const codes: string[] = [];
  const ts = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    codes.push(String(r.Code));
    ts[i] = r.event_timestamp instanceof Date ? r.event_timestamp.getTime() : stamp(r.event_timestamp, `entity row ${i + 1}`);
  });
  return { codes, ts, timestampColumn: 'event_timestamp' };
}

async function readCsvEntities(path: string): Promise<Entities> {
  const rows = parseCsv(await readFile(path, 'utf8').catch((e: Error) => { throw new GqError('SOURCE_MISSING', `entities file ${path}: ${e.message}`); }), path);
  const header = rows.length === 0 ? [] : Object.keys(rows[0]!);
  const col = pickColumn(header, path);
  const memo = new Map<string, number>();
  const ts = new Float64Array(rows.length);
  const codes: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    codes[i] = r.Code!.trim();
    const text = r[col]!;
    let v = memo.get(text);
    if (v === undefined) { v = stamp(text, `${path} line ${i + 2}`); memo.set(text, v); }
    ts[i] = v;
  }
  return { codes, ts, timestampColumn: col };
}

async function readParquetEntities(path: string): Promise<Entities> {
  const schema = await readParquetSchema(path);
  const col = pickColumn([...schema.keys()], path);
  const e = schema.get(col)!;
  const t = await readParquetColumns(path, ['Code', col], { floats: e.type === 'BYTE_ARRAY' ? [] : [col] });
  const code = t.columns.Code!;
  let codes: string[];
  if (code.kind === 'dict') codes = byIndex(code.indices, code.dictionary);
  else if (code.kind === 'f64' || code.kind === 'i32') codes = Array.from(code.values, (v) => String(v));
  else throw new GqError('SOURCE_INVALID', `entities file ${path}: column Code must hold text or integers`);
  const c = t.columns[col]!;
  let ts: Float64Array;
  if (c.kind === 'dict') {
    const parsed = Float64Array.from(c.dictionary, (s, k) => stamp(s, `${path} value "${c.dictionary[k]}"`));
    ts = new Float64Array(c.indices.length);
    for (let i = 0; i < ts.length; i++) ts[i] = parsed[c.indices[i]!]!;
  } else if (c.kind === 'f64') {
    ts = scaleTimes(c.values, e, path, col);
  } else throw new GqError('SOURCE_INVALID', `entities file ${path}: column ${col} must be a TIMESTAMP, DATE or ISO-8601 text`);
  for (let i = 0; i < ts.length; i++) if (Number.isNaN(ts[i])) throw new GqError('SOURCE_INVALID', `entities file ${path}: row ${i + 1} has no ${col}`);
  return { codes, ts, timestampColumn: col };
}

/** values[indices[i]] for every i, as a plain array (a loop: Array.from with a map function is several times slower). */
function byIndex(indices: Int32Array, values: readonly string[]): string[] {
  const out: string[] = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]!]!;
  return out;
}

/** Epoch ms from a Parquet TIMESTAMP (by unit; naive ones are JST) or DATE column read as doubles. */
function scaleTimes(v: Float64Array, e: SchemaElement, path: string, col: string): Float64Array {
  const lt = e.logical_type;
  if (lt?.type === 'DATE' || e.converted_type === 'DATE') return Float64Array.from(v, (d) => jstInstant(d, 0));
  let perMs = 0;
  let utc = true;
  if (lt?.type === 'TIMESTAMP') {
    perMs = lt.unit === 'MILLIS' ? 1 : lt.unit === 'MICROS' ? 1e3 : 1e6;
    utc = lt.isAdjustedToUTC;
  } else if (e.converted_type === 'TIMESTAMP_MILLIS') perMs = 1;
  else if (e.converted_type === 'TIMESTAMP_MICROS') perMs = 1e3;
  if (perMs === 0) throw new GqError('SOURCE_INVALID', `entities file ${path}: column ${col} must be a TIMESTAMP, DATE or ISO-8601 text`);
  const shift = utc ? 0 : JST_OFFSET_MS;
  return Float64Array.from(v, (x) => x / perMs - shift);
}

function pickColumn(header: readonly string[], path: string): string {
  if (!header.includes('Code')) throw new GqError('SOURCE_INVALID', `entities file ${path} has no Code column (columns: ${header.join(', ')})`);
  const col = TIMESTAMP_COLUMNS.find((c) => header.includes(c));
  if (col === undefined) throw new GqError('SOURCE_INVALID', `entities file ${path} has no timestamp column (one of ${TIMESTAMP_COLUMNS.join(', ')})`);
  return col;
}

function stamp(text: string, where: string): number {
  const v = parseTimestamp(text);
  if (Number.isNaN(v)) throw new GqError('SOURCE_INVALID', `${where}: "${text}" is not an ISO-8601 timestamp (e.g. 2025-06-10T10:00:00+09:00; no offset means JST)`);
  return v;
}

