/**
 * Field parsing of event records (families.md §0 Parsing): numbers as JSON numbers or numeric strings; every
 * other string is null, and non-empty non-numeric strings are counted per field. Records that cannot be used
 * (a missing or malformed key field) are quarantined with endpoint, field and value, never dropped silently.
 */
import { parseDay } from '../dates.ts';

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A rejected record: which endpoint, which record (API order), which field and value, and why. */
export type Rejected = { endpoint: string; index: number; field: string; value: string; reason: string };

/** Per-source parse counts, for the quality report and the metadata. */
export type ParseReport = {
  endpoint: string;
  records: number;
  rejected: Rejected[];
  /** Non-empty, non-numeric strings read as null, per field (markers like "-" and "*" included). */
  nonNumeric: Record<string, number>;
  /** Duplicates resolved by the version rule (a later record in API order won a tie). */
  ties: number;
};

/** An empty report for one endpoint. */
export function parseReport(endpoint: string): ParseReport {
  return { endpoint, records: 0, rejected: [], nonNumeric: {}, ties: 0 };
}

/** A numeric field: the number, or NaN for null / "" / markers / anything else (counted when non-empty). */
export function numField(rep: ParseReport, r: Record<string, unknown>, field: string): number {
  const x = r[field];
  if (typeof x === 'number') return Number.isFinite(x) ? x : Number.NaN;
  if (typeof x !== 'string') return Number.NaN;
  const s = x.trim();
  if (NUMERIC.test(s)) return Number(s);
  if (s !== '') rep.nonNumeric[field] = (rep.nonNumeric[field] ?? 0) + 1;
  return Number.NaN;
}

/** Day numbers of the date strings seen (records repeat a few thousand dates millions of times). */
const DAYS = new Map<string, number>();

/** A YYYY-MM-DD field as a day number, or NaN when absent or empty. */
export function dayField(r: Record<string, unknown>, field: string): number {
  const x = r[field];
  if (typeof x !== 'string' || x === '') return Number.NaN;
  let d = DAYS.get(x);
  if (d === undefined) {
    d = /^\d{4}-\d{2}-\d{2}$/.test(x) ? parseDay(x) : Number.NaN;
    if (DAYS.size < 100_000) DAYS.set(x, d); // bounded: a long-running daemon sees new dates for years
  }
  return d;
}

/** A required date: its day number, or null after quarantining the record. */
export function requiredDay(rep: ParseReport, r: Record<string, unknown>, index: number, field: string): number | null {
  const d = dayField(r, field);
  if (d === d) return d;
  rep.rejected.push({ endpoint: rep.endpoint, index, field, value: String(r[field] ?? ''), reason: 'missing or malformed date' });
  return null;
}

/** A required string: the value, or null after quarantining the record. */
export function requiredString(rep: ParseReport, r: Record<string, unknown>, index: number, field: string): string | null {
  const x = r[field];
  if (typeof x === 'string' && x !== '') return x;
  if (typeof x === 'number') return String(x);
  rep.rejected.push({ endpoint: rep.endpoint, index, field, value: String(x ?? ''), reason: 'missing value' });
  return null;
}
