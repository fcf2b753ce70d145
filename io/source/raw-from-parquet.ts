/**
 * RawBars and TopixSeries from Parquet files in J-Quants V2 names, read as columns (readParquetColumns): no per-row
 * object. Accepts what pandas/pyarrow, polars, DuckDB and J-Quants dumps write: dates as DATE, TIMESTAMP or text
 * (parquet-dates.ts), codes as text or integers, numbers as any float, integer or DECIMAL type, UL/LL as booleans,
 * integers or '0'/'1' text. Nulls become NaN, except a null AdjFactor, which means no event (1), as in the records path.
 */
import { availableParallelism } from 'node:os';
import type { SchemaElement } from 'hyparquet';
import { formatDay } from '../../engine/dates.ts';
import type { RawBars, TopixSeries } from '../../engine/raw-bars.ts';
import { ADJ_FIELDS, BAR_FIELDS, FLAG_FIELDS, missingBarColumns } from './bar-fields.ts';
import { f64Of, readParquetSchema, readParquetColumns, type ReadColumn } from './parquet-columns.ts';
import { exampleValue, typeName } from './parquet-describe.ts';
import { dateForm, daysOf, type DateForm } from './parquet-dates.ts';
import { normaliseCodes } from './source-code.ts';

const PRICE_FIELDS = ['O', 'H', 'L', 'C', 'Vo', 'Va', 'AdjFactor'] as const;
const TOPIX_FIELDS = ['Date', 'O', 'H', 'L', 'C'] as const;

type Schema = Map<string, SchemaElement>;

/**
 * A worker costs ~70 ms to start (module loading) and the two vCPUs here decode together only ~1.3x as fast as one,
 * so it pays from about 100 MB of decompressed columns (2M rows of J-Quants bars); below that one thread is faster.
 */
const BYTES_PER_THREAD = 96 << 20;

/**
 * The daily bars of a Parquet file. Its columns are decoded on `threads` threads when given; by default on up to 2 (as
 * the machine allows) when the file is large enough for a worker to pay (BYTES_PER_THREAD), else on this one.
 */
export async function rawBarsFromParquet(path: string, options: { threads?: number } = {}): Promise<RawBars> {
  const schema = await readParquetSchema(path);
  const missing = BAR_FIELDS.filter((f) => !schema.has(f));
  if (missing.length > 0) throw missingBarColumns(path, missing);
  const adj = schema.has('AdjC') ? ADJ_FIELDS.filter((f) => schema.has(f)) : [];
  const numbers = [...PRICE_FIELDS, ...adj];
  const flags = FLAG_FIELDS.filter((f) => schema.has(f));
  const form = await checkedDateForm(path, schema, 'Date');
  await checkTypes(path, schema, ['Code'], isCodeType, 'text or an integer type');
  await checkTypes(path, schema, numbers, isNumberType, 'a float, integer or DECIMAL type');
  await checkTypes(path, schema, flags, isFlagType, "BOOLEAN, an integer type or '0'/'1' text");
  const threads = options.threads ?? Math.min(2, availableParallelism());
  const t = await readParquetColumns(path, ['Date', 'Code', ...numbers, ...flags], { floats: numbers, flags, threads, bytesPerThread: options.threads === undefined ? BYTES_PER_THREAD : 0 });
  const n = t.rows;
  const { codes, code } = normaliseCodes(codesOf(t.columns.Code!, `${path}: column Code`));
  const f = (name: string): Float64Array => f64Of(t, name);
  const raw: RawBars = {
    rows: n, codes, code, date: daysOf(t.columns.Date!, form, `${path}: column Date`),
    open: f('O'), high: f('H'), low: f('L'), close: f('C'), volume: f('Vo'), turnover: f('Va'),
    adjFactor: nullsAs(f('AdjFactor'), 1),
    upperLimit: flagsOf(t.columns.UL, n), lowerLimit: flagsOf(t.columns.LL, n),
  };
  if (adj.length > 0) {
    // As in the records path: AdjC decides that the adjusted values are kept; any other missing one is all null.
    const g = (name: string): Float64Array => (t.columns[name] === undefined ? new Float64Array(n).fill(Number.NaN) : f(name));
    raw.adjOpen = g('AdjO'); raw.adjHigh = g('AdjH'); raw.adjLow = g('AdjL'); raw.adjClose = g('AdjC'); raw.adjVolume = g('AdjVo');
  }
  return raw;
}

/**
 * The TOPIX series of a Parquet file, as topixFromRecords makes it from the same rows: sorted by date (rows of equal
 * dates keep their order), null values as NaN, two rows for one date an error. Date and C are required; O, H and L
 * are null when absent.
 */
export async function topixFromParquet(path: string): Promise<TopixSeries> {
  const schema = await readParquetSchema(path);
  const missing = ['Date', 'C'].filter((f) => !schema.has(f));
  if (missing.length > 0) throw new Error(`${path}: missing column(s) ${missing.join(', ')}; expected J-Quants V2 names (${TOPIX_FIELDS.join(', ')})`);
  const numbers = ['O', 'H', 'L', 'C'].filter((f) => schema.has(f));
  const form = await checkedDateForm(path, schema, 'Date');
  await checkTypes(path, schema, numbers, isNumberType, 'a float, integer or DECIMAL type');
  const t = await readParquetColumns(path, ['Date', ...numbers], { floats: numbers });
  const dates = daysOf(t.columns.Date!, form, `${path}: column Date`);
  // Array sort is stable: equal dates keep their order, and the first pair of them met is the one named.
  const order = Array.from(dates.keys()).sort((a, b) => dates[a]! - dates[b]!);
  for (let i = 1; i < order.length; i++) {
    if (dates[order[i]!] === dates[order[i - 1]!]) throw new Error(`TOPIX has two records for ${formatDay(dates[order[i]!]!)}`);
  }
  const pick = (name: string): Float64Array => {
    const out = new Float64Array(order.length).fill(Number.NaN);
    if (t.columns[name] === undefined) return out;
    const v = f64Of(t, name);
    for (let i = 0; i < order.length; i++) out[i] = v[order[i]!]!;
    return out;
  };
  return { date: Int32Array.from(order, (j) => dates[j]!), open: pick('O'), high: pick('H'), low: pick('L'), close: pick('C') };
}

async function checkedDateForm(path: string, schema: Schema, name: string): Promise<DateForm> {
  const e = schema.get(name)!;
  const form = dateForm(e);
  if (form !== null) return form;
  throw new Error(`${path}: column ${name} is ${typeName(e)} (e.g. ${await exampleValue(path, name)}); expected DATE, TIMESTAMP, YYYY-MM-DD text or YYYYMMDD integers`);
}

/** Refuses, before any decoding, the first column whose type `ok` rejects, naming it, its type and a value. */
async function checkTypes(path: string, schema: Schema, names: readonly string[], ok: (e: SchemaElement) => boolean, expected: string): Promise<void> {
  for (const name of names) {
    const e = schema.get(name)!;
    if (!ok(e)) throw new Error(`${path}: column ${name} is ${typeName(e)} (e.g. ${await exampleValue(path, name)}); expected ${expected}`);
  }
}

function isNumberType(e: SchemaElement): boolean {
  if (e.logical_type?.type === 'TIMESTAMP' || e.logical_type?.type === 'DATE' || e.logical_type?.type === 'TIME') return false;
  if (e.converted_type !== undefined && /^(DATE|TIME_|TIMESTAMP_)/.test(e.converted_type)) return false;
  return e.type === 'DOUBLE' || e.type === 'FLOAT' || e.type === 'INT32' || e.type === 'INT64';
}

function isCodeType(e: SchemaElement): boolean {
  return e.type === 'BYTE_ARRAY' || isNumberType(e);
}

function isFlagType(e: SchemaElement): boolean {
  return e.type === 'BOOLEAN' || e.type === 'BYTE_ARRAY' || isNumberType(e);
}

/** Replaces NaN (null) by `fill` in place. */
function nullsAs(v: Float64Array, fill: number): Float64Array {
  for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) v[i] = fill;
  return v;
}

/**
 * Codes as given when text (only those some row uses); integers (pandas makes 72030 a number) as their decimal
 * string. Each distinct integer is converted once.
 */
function codesOf(c: ReadColumn, where: string): { codes: string[]; code: Int32Array } {
  if (c.kind === 'dict') return usedOnly(c.indices, c.dictionary);
  if (c.kind === 'bool') throw new Error(`${where}: booleans are not codes`);
  const v = c.values;
  const code = new Int32Array(v.length);
  const codes: string[] = [];
  const index = new Map<number, number>();
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    let k = index.get(x);
    if (k === undefined) {
      if (!Number.isInteger(x)) throw new Error(`${where}: ${x !== x ? 'null' : x} (row ${i}) is not a code`);
      k = codes.length;
      codes.push(String(x));
      index.set(x, k);
    }
    code[i] = k;
  }
  return { codes, code };
}

/** A string dictionary without the entries no row uses (a chunk dictionary may hold some), indices renumbered. */
function usedOnly(indices: Int32Array, dictionary: readonly string[]): { codes: string[]; code: Int32Array } {
  const remap = new Int32Array(dictionary.length).fill(-1);
  const codes: string[] = [];
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    if (remap[k] === -1) { remap[k] = codes.length; codes.push(dictionary[k]!); }
  }
  if (codes.length === dictionary.length && remap.every((r, k) => r === k)) return { codes, code: indices };
  const code = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) code[i] = remap[indices[i]!]!;
  return { codes, code };
}

/** UL/LL as 0/1, as the records path reads them: 1, true and '1' are 1, anything else (null included) 0. */
function flagsOf(c: ReadColumn | undefined, n: number): Uint8Array {
  if (c === undefined) return new Uint8Array(n);
  if (c.kind === 'bool') return c.values;
  if (c.kind !== 'dict') throw new Error(`flag column read as ${c.kind}`);
  const one = Uint8Array.from(c.dictionary, (s) => (s === '1' ? 1 : 0));
  return Uint8Array.from(c.indices, (k) => one[k]!);
}
