/**
 * Local files a user already has, in J-Quants V2 field names: DIR/bars_daily.{parquet,csv,ndjson},
 * DIR/topix.{parquet,csv,ndjson}, optionally DIR/master.{csv,ndjson}. Nulls are empty CSV cells or JSON null.
 * Parquet bars and TOPIX are read as columns (raw-from-parquet.ts); CSV and NDJSON go through records.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flagOf, type BarRecord, type RawBars, type TopixRecord, type TopixSeries } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';
import { BAR_FIELDS, missingBarColumns } from './bar-fields.ts';
import { parseCsv } from './parse-csv.ts';
import { rawBarsFromParquet, topixFromParquet } from './raw-from-parquet.ts';
import { readParquetRecords } from './read-parquet-records.ts';
import { sourceCode } from './source-code.ts';

export type InputFile = { path: string; bytes: number; sha256: string };
export type LocalData = { raw: RawBars; topix: TopixSeries; master?: Record<string, unknown>[]; inputs: InputFile[] };

const EXTS = ['parquet', 'csv', 'ndjson'] as const;

/** Reads bars, TOPIX and (if present) the master from DIR. Errors name the file, the line or field, and the fix. */
export async function loadLocalFiles(dir: string): Promise<LocalData> {
  const inputs: InputFile[] = [];
  const raw = await readBars(dir, inputs);
  const topix = await readTopix(dir, inputs);
  const masterPath = find(dir, 'master', false);
  const master = masterPath === undefined ? [] : await readRecords(masterPath, inputs);
  return { raw, topix, master: master.length > 0 ? master : undefined, inputs };
}

async function readBars(dir: string, inputs: InputFile[]): Promise<RawBars> {
  const path = find(dir, 'bars_daily', true)!;
  if (path.endsWith('.parquet')) {
    await hashStreamed(path, inputs);
    return rawBarsFromParquet(path);
  }
  const bars = await readRecords(path, inputs);
  const missing = BAR_FIELDS.filter((f) => bars.length > 0 && !(f in bars[0]!));
  if (missing.length > 0) throw missingBarColumns(path, missing);
  return rawBarsFromRecords(bars.map(toBar));
}

async function readTopix(dir: string, inputs: InputFile[]): Promise<TopixSeries> {
  const path = find(dir, 'topix', true)!;
  if (!path.endsWith('.parquet')) return topixFromRecords((await readRecords(path, inputs)).map(toTopix));
  await hashStreamed(path, inputs);
  return topixFromParquet(path);
}

/** DIR/stem.{parquet,csv,ndjson}, the one that exists; none (when required) or several is an error. */
function find(dir: string, stem: string, required: boolean): string | undefined {
  const found = EXTS.filter((e) => existsSync(join(dir, `${stem}.${e}`)));
  if (found.length === 0 && required) throw new Error(`${dir}: no ${stem}.parquet, ${stem}.csv or ${stem}.ndjson`);
  if (found.length > 1) throw new Error(`${dir}: both ${found.map((e) => `${stem}.${e}`).join(' and ')} are there and gq cannot tell which is current; move all but one away`);
  return found.length === 0 ? undefined : join(dir, `${stem}.${found[0]}`);
}

/** Reads the file, records its size and SHA-256 in `inputs`, and returns its bytes. */
function hashed(path: string, inputs: InputFile[]): Buffer {
  const buf = readFileSync(path);
  inputs.push({ path, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
  return buf;
}

/** Records the file's size and SHA-256 in `inputs`, reading it in chunks (its reader opens it again, by columns). */
async function hashStreamed(path: string, inputs: InputFile[]): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  inputs.push({ path, bytes, sha256: hash.digest('hex') });
}

async function readRecords(path: string, inputs: InputFile[]): Promise<Record<string, unknown>[]> {
  const buf = hashed(path, inputs);
  // Only the master (small, and of any columns) still reads Parquet as records.
  if (path.endsWith('.parquet')) return readParquetRecords(buf, path);
  const text = buf.toString('utf8');
  if (path.endsWith('.csv')) return parseCsv(text, path);
  return text.split('\n').filter((l) => l.trim() !== '').map((l, i) => {
    try { return JSON.parse(l) as Record<string, unknown>; } catch (e) { throw new Error(`${path} line ${i + 1}: not JSON (${(e as Error).message})`); }
  });
}

/** A value cell: null when empty, else the number or the text as read. */
function cell(v: unknown): number | string | null {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'number' ? v : String(v);
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'number' ? v : Number(v);
}

function dateText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** A bar as the file has it: value cells stay text, so an unreadable one reaches the checks (and the quarantine) as received. */
function toBar(r: Record<string, unknown>): BarRecord {
  // Typed as numbers, but a cell may be text: rawBarsFromRecords reads numeric text and keeps the rest as received.
  const text = (v: unknown): number | null => cell(v) as number | null;
  return {
    Date: dateText(r.Date), Code: sourceCode(String(r.Code)), O: text(r.O), H: text(r.H), L: text(r.L), C: text(r.C),
    UL: String(flagOf(r.UL)), LL: String(flagOf(r.LL)),
    Vo: text(r.Vo), Va: text(r.Va), AdjFactor: text(r.AdjFactor) ?? 1,
    ...(r.AdjC !== undefined ? { AdjO: num(r.AdjO), AdjH: num(r.AdjH), AdjL: num(r.AdjL), AdjC: num(r.AdjC), AdjVo: num(r.AdjVo) } : {}),
  };
}

function toTopix(r: Record<string, unknown>): TopixRecord {
  return { Date: dateText(r.Date), O: num(r.O), H: num(r.H), L: num(r.L), C: num(r.C) };
}
