/**
 * Local files a user already has, in J-Quants V2 field names: DIR/bars_daily.{parquet,csv,ndjson},
 * DIR/topix.{parquet,csv,ndjson}, optionally DIR/master.{csv,ndjson}. Nulls are empty CSV cells or JSON null.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BarRecord, RawBars, TopixRecord, TopixSeries } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';
import { parseCsv } from './parse-csv.ts';
import { readParquetRecords } from './read-parquet-records.ts';

export type InputFile = { path: string; bytes: number; sha256: string };
export type LocalData = { raw: RawBars; topix: TopixSeries; master?: Record<string, unknown>[]; inputs: InputFile[] };

const EXTS = ['parquet', 'csv', 'ndjson'] as const;
const BAR_FIELDS = ['Date', 'Code', 'O', 'H', 'L', 'C', 'Vo', 'Va', 'AdjFactor'];

/** Reads bars, TOPIX and (if present) the master from DIR. Errors name the file, the line or field, and the fix. */
export async function loadLocalFiles(dir: string): Promise<LocalData> {
  const inputs: InputFile[] = [];
  const bars = await readRecords(dir, 'bars_daily', inputs, true);
  const missing = BAR_FIELDS.filter((f) => bars.length > 0 && !(f in bars[0]!));
  if (missing.length > 0) throw new Error(`${inputs[0]!.path}: missing column(s) ${missing.join(', ')}; expected J-Quants V2 names (${BAR_FIELDS.join(', ')}, UL, LL)`);
  const topix = await readRecords(dir, 'topix', inputs, true);
  const master = await readRecords(dir, 'master', inputs, false);
  const raw = rawBarsFromRecords(bars.map(toBar));
  return { raw, topix: topixFromRecords(topix.map(toTopix)), master: master.length > 0 ? master : undefined, inputs };
}

async function readRecords(dir: string, stem: string, inputs: InputFile[], required: boolean): Promise<Record<string, unknown>[]> {
  const ext = EXTS.find((e) => existsSync(join(dir, `${stem}.${e}`)));
  if (ext === undefined) {
    if (!required) return [];
    throw new Error(`${dir}: no ${stem}.parquet, ${stem}.csv or ${stem}.ndjson`);
  }
  const path = join(dir, `${stem}.${ext}`);
  const buf = readFileSync(path);
  inputs.push({ path, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
  if (ext === 'parquet') return readParquetRecords(buf, path);
  const text = buf.toString('utf8');
  if (ext === 'csv') return parseCsv(text, path);
  return text.split('\n').filter((l) => l.trim() !== '').map((l, i) => {
    try { return JSON.parse(l) as Record<string, unknown>; } catch (e) { throw new Error(`${path} line ${i + 1}: not JSON (${(e as Error).message})`); }
  });
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'number' ? v : Number(v);
}

function dateText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

function toBar(r: Record<string, unknown>): BarRecord {
  const af = num(r.AdjFactor);
  return {
    Date: dateText(r.Date), Code: String(r.Code), O: num(r.O), H: num(r.H), L: num(r.L), C: num(r.C),
    UL: r.UL === undefined ? '0' : String(r.UL), LL: r.LL === undefined ? '0' : String(r.LL),
    Vo: num(r.Vo), Va: num(r.Va), AdjFactor: af ?? 1,
    ...(r.AdjC !== undefined ? { AdjO: num(r.AdjO), AdjH: num(r.AdjH), AdjL: num(r.AdjL), AdjC: num(r.AdjC), AdjVo: num(r.AdjVo) } : {}),
  };
}

function toTopix(r: Record<string, unknown>): TopixRecord {
  return { Date: dateText(r.Date), O: num(r.O), H: num(r.H), L: num(r.L), C: num(r.C) };
}
