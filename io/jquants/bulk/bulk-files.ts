/**
 * Bulk files as the client sees them: the `{Key, LastModified, Size}` items of `/bulk/list` (spec §5.2) with the days
 * each file covers, read from its name (`..._202601.csv.gz` a month, `..._20260218.csv.gz` a day; public notes of
 * users, the rest of the key is not relied on), and which endpoints gq reads from files.
 */
import { dayOf } from '../../../engine/dates.ts';
import type { EndpointName } from '../endpoints.ts';

export type BulkFile = {
  key: string;
  lastModified: string;
  /** Bytes of the gzip, as listed (null when the list gave none). */
  size: number | null;
  /** Days the file covers (inclusive): a calendar month or one day. */
  from: number;
  to: number;
};

/** How the client may use bulk files: `auto` picks per endpoint by cost, `off` never (`--no-bulk`), `always` whenever files exist. */
export type BulkMode = 'auto' | 'off' | 'always';

/**
 * Endpoints gq reads from files: daily bars, the one whose first backfill costs thousands of requests. Range endpoints
 * (TOPIX, calendar) cost one request per year, fewer than their monthly files, so they always go by request.
 */
export const BULK_ENDPOINTS: ReadonlySet<EndpointName> = new Set(['bars']);

/** The days a file covers, from the date in its name; null for a name without one. */
export function fileSpan(key: string): { from: number; to: number } | null {
  const m = /_(\d{4})(\d{2})(\d{2})?\.csv\.gz$/.exec(key);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] !== undefined) {
    const d = dayOf(y, mo, Number(m[3]));
    return { from: d, to: d };
  }
  const first = dayOf(y, mo, 1);
  const next = mo === 12 ? dayOf(y + 1, 1, 1) : dayOf(y, mo + 1, 1);
  return { from: first, to: next - 1 };
}

/** A `/bulk/list` item as a BulkFile, or null when its key names no date. */
export function bulkFileOf(item: Record<string, unknown>): BulkFile | null {
  const key = item.Key;
  if (typeof key !== 'string') return null;
  const span = fileSpan(key);
  if (span === null) return null;
  const size = typeof item.Size === 'number' ? item.Size : typeof item.Size === 'string' && /^\d+$/.test(item.Size) ? Number(item.Size) : null;
  return { key, lastModified: String(item.LastModified ?? ''), size, ...span };
}
