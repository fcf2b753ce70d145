/**
 * `--dividends FILE`: cash dividends for the ratio adjustment (off by default). The file is CSV or NDJSON with
 * `Code`, `ExDate` and `Amount` (or J-Quants' `GrossDividendRate`) per row; "-" (undecided) amounts are skipped.
 */
import { readFileSync } from 'node:fs';
import type { DividendRecord } from '../engine/dividend-adjust.ts';
import { parseCsv } from '../io/source/parse-csv.ts';
import { GqError } from './errors.ts';

/** The dividend records of a CSV or NDJSON file; errors name the file, the line and the field. */
export function loadDividends(path: string): { records: DividendRecord[]; undecided: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new GqError('SOURCE_MISSING', `--dividends ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const rows: Record<string, unknown>[] = path.endsWith('.ndjson') || path.endsWith('.jsonl')
    ? text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
    : parseCsv(text, path);
  const records: DividendRecord[] = [];
  let undecided = 0;
  rows.forEach((r, i) => {
    const amount = r.Amount ?? r.GrossDividendRate;
    if (r.Code === undefined || r.ExDate === undefined || amount === undefined) {
      throw new GqError('SOURCE_INVALID', `--dividends ${path} row ${i + 1}: needs Code, ExDate and Amount (or GrossDividendRate)`);
    }
    if (amount === '-' || amount === '' || amount === null) { undecided++; return; }
    const a = Number(amount);
    if (!Number.isFinite(a) || a < 0) throw new GqError('SOURCE_INVALID', `--dividends ${path} row ${i + 1}: Amount "${String(amount)}" is not a non-negative number`);
    const code = String(r.Code);
    records.push({ Code: code.length === 4 ? `${code}0` : code, ExDate: String(r.ExDate), Amount: a });
  });
  return { records, undecided };
}
