/**
 * The choice between bulk files and requests for one endpoint over the days a fetch lacks. Cost in milliseconds:
 *   requests: first-page requests × the plan's pacing interval;
 *   bulk:     (1 list + 1 signed-URL request per file + by-date requests for days no file covers) × the interval
 *             + the files' bytes at an assumed 10 MB/s.
 * Requests are what the per-minute limit meters, and bulk files exist to get around it; without pacing (a local
 * stand-in) requests cost nothing this model counts and keep their smaller answers. Before listing, a lower bound
 * (one file per month, one per day of the current month, zero bytes) decides whether listing is worth a request:
 * a daily incremental run (a day or two missing) never lists and keeps its by-date requests.
 */
import type { BulkFile, BulkMode } from './bulk-files.ts';

/** Assumed download speed of the file host, bytes per millisecond (10 MB/s). */
export const BYTES_PER_MS = 10_000;

export type PathInput = {
  mode: BulkMode;
  /** The plan has bulk access (Light and up). */
  access: boolean;
  /** Milliseconds between request starts under the plan's pacing; 0 without pacing. */
  intervalMs: number;
  /** Requests the request plan would make. */
  requests: number;
  /** Business days without final cached data, ascending. */
  missing: ArrayLike<number>;
  /** Today in Japan (days since epoch): its month is served as daily files. */
  today: number;
};

export type PathChoice = {
  path: 'bulk' | 'requests';
  requestMs: number;
  bulkMs: number;
  /** Files to download (bulk only), ascending. */
  files: BulkFile[];
  /** Missing days no file covers: fetched by date (bulk only). */
  rest: number[];
  reason: string;
};

/** Whether listing the files can pay off: the lower bound of the bulk cost against the request cost. */
export function worthListing(i: PathInput): { worth: boolean; lowerMs: number; requestMs: number; reason: string } {
  const requestMs = i.requests * i.intervalMs;
  if (i.mode === 'off') return { worth: false, lowerMs: 0, requestMs, reason: 'bulk files turned off (--no-bulk)' };
  if (!i.access) return { worth: false, lowerMs: 0, requestMs, reason: 'the plan has no bulk files (Light and up)' };
  if (i.missing.length === 0) return { worth: false, lowerMs: 0, requestMs, reason: 'nothing to fetch' };
  const lowerMs = (1 + estimateFiles(i.missing, i.today)) * i.intervalMs;
  if (i.mode === 'always') return { worth: true, lowerMs, requestMs, reason: 'bulk files asked for' };
  const worth = lowerMs < requestMs;
  return { worth, lowerMs, requestMs, reason: worth ? 'files may be cheaper' : `${i.requests} request(s) cost no more than listing and fetching files` };
}

/** The cheaper path once the files are listed. */
export function choosePath(i: PathInput, listed: readonly BulkFile[]): PathChoice {
  const requestMs = i.requests * i.intervalMs;
  const { files, rest } = cover(listed, i.missing);
  const bytes = files.reduce((s, f) => s + (f.size ?? 0), 0);
  const bulkMs = (1 + files.length + rest.length) * i.intervalMs + bytes / BYTES_PER_MS;
  if (files.length === 0) return { path: 'requests', requestMs, bulkMs, files: [], rest: [], reason: 'no listed file covers a missing day' };
  if (i.mode === 'always' || bulkMs < requestMs) {
    return { path: 'bulk', requestMs, bulkMs, files, rest, reason: i.mode === 'always' ? 'bulk files asked for' : 'files are cheaper' };
  }
  return { path: 'requests', requestMs, bulkMs, files: [], rest: [], reason: 'requests are cheaper' };
}

/** Files needed for the missing days (a month's file before day files of the same days), and the days none covers. */
export function cover(listed: readonly BulkFile[], missing: ArrayLike<number>): { files: BulkFile[]; rest: number[] } {
  const byWidth = [...listed].sort((a, b) => (b.to - b.from) - (a.to - a.from) || a.from - b.from);
  const chosen = new Set<BulkFile>();
  const rest: number[] = [];
  for (let j = 0; j < missing.length; j++) {
    const d = missing[j]!;
    let hit: BulkFile | undefined;
    for (const f of chosen) if (d >= f.from && d <= f.to) { hit = f; break; }
    hit ??= byWidth.find((f) => d >= f.from && d <= f.to);
    if (hit === undefined) rest.push(d);
    else chosen.add(hit);
  }
  return { files: [...chosen].sort((a, b) => a.from - b.from), rest };
}

/** The fewest files that can cover the days: one per month before today's month, one per day within it. */
export function estimateFiles(days: ArrayLike<number>, today: number): number {
  const thisMonth = monthOf(today);
  const keys = new Set<number>();
  for (let j = 0; j < days.length; j++) {
    const m = monthOf(days[j]!);
    keys.add(m === thisMonth ? -days[j]! - 1 : m);
  }
  return keys.size;
}

function monthOf(day: number): number {
  const t = new Date(day * 86_400_000);
  return t.getUTCFullYear() * 12 + t.getUTCMonth();
}
