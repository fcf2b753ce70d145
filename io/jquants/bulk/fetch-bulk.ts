/**
 * Fetching a code/date endpoint through bulk files: per file, a fresh signed URL right before its download, the
 * download (resumable, atomic), then its records through the same validation as API pages, stored as the same
 * per-day cache pieces (`<endpoint>/all_<day>.json`) a `?date=` request writes, each written only once the whole file
 * has been read and validated, so a cut or corrupt file never leaves part of a day behind. Daily bars also get their
 * columns sidecar, as a fresh piece would. A file that will not gunzip or parse is downloaded again (twice), then
 * the fetch fails naming it. The downloaded file is deleted once its pieces are in the cache.
 */
import { mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDay } from '../../../engine/dates.ts';
import type { BarRecord } from '../../../engine/raw-bars.ts';
import { rawBarsFromRecords } from '../../../engine/raw-from-records.ts';
import type { Endpoint } from '../endpoints.ts';
import { JQuantsError } from '../errors.ts';
import type { FetchContext } from '../fetch-context.ts';
import { lastFinalDay } from '../finality.ts';
import { runTasks } from '../run-tasks.ts';
import { validateRecords } from '../validate.ts';
import { signedUrl } from './bulk-api.ts';
import type { BulkFile } from './bulk-files.ts';
import { readBulkCsv } from './csv-records.ts';
import { downloadFile } from './download.ts';
import { takeFileLock, type FileLock } from './file-lock.ts';

/** Files handled at once: one downloads while another is parsed. */
const FILES_IN_FLIGHT = 2;
/** Downloads of one file whose gzip or CSV turned out unreadable, before giving up. */
const READ_ATTEMPTS = 3;

export type BulkResult = { files: number; pieces: number; rows: number; bytes: number; urls: number; resumed: number };

/**
 * Downloads `files` and stores a per-day piece for each day they hold and for each of `days` (business days asked
 * for) inside their span that they hold no row for (an empty day, as a `?date=` request would store it).
 */
export async function fetchBulkFiles(ctx: FetchContext, e: Endpoint, files: readonly BulkFile[], days: ArrayLike<number>, signal?: AbortSignal): Promise<BulkResult> {
  const cache = await ctx.cache();
  const dir = ctx.bulk.downloadsDir();
  mkdirSync(dir, { recursive: true });
  const out: BulkResult = { files: 0, pieces: 0, rows: 0, bytes: 0, urls: 0, resumed: 0 };
  await runTasks(files, Math.min(FILES_IN_FLIGHT, ctx.concurrency), async (f) => {
    const dest = downloadPath(dir, f.key);
    // Another process on the same cache (a second `gq worker`) may be downloading this file: one at a time.
    const lock = await takeFileLock(`${dest}.lock`, { signal });
    try {
      await fetchOneFile(f, dest, lock);
    } finally {
      await lock.release();
    }
  });
  return out;

  async function fetchOneFile(f: BulkFile, dest: string, lock: FileLock): Promise<void> {
    let byDay: Map<number, Record<string, unknown>[]> | null = null;
    for (let n = 0; byDay === null; n++) {
      if (!(f.size !== null && (await sizeOf(dest)) === f.size)) {
        const d = await downloadFile({
          url: () => signedUrl(ctx, e, f.key, signal), dest, name: f.key, size: f.size, dispatcher: ctx.req.dispatcher, signal,
          retryDelayMs: ctx.req.retryDelayMs, attempts: ctx.req.retries + 3,
          onRetry: (reason) => ctx.emit({ type: 'retry', where: `bulk file ${f.key}`, attempt: n + 1, delayMs: 0, reason, retryAfter: false }),
        });
        await lock.touch();
        out.bytes += d.bytes;
        out.urls += d.urls;
        out.resumed += d.resumed;
      }
      try {
        byDay = await readBulkCsv(dest, e);
      } catch (err) {
        await rm(dest, { force: true });
        signal?.throwIfAborted();
        if (n + 1 >= READ_ATTEMPTS) {
          throw new JQuantsError('bad-response', `bulk file ${f.key} of ${e.path} could not be read after ${n + 1} download(s): ${(err as Error).message}. `
            + 'Nothing of it was cached; run again later, or with --no-bulk to fetch by date.', { where: `bulk file ${f.key}`, cause: err });
        }
        ctx.emit({ type: 'retry', where: `bulk file ${f.key}`, attempt: n + 1, delayMs: 0, reason: `unreadable (${(err as Error).message}); downloading it again`, retryAfter: false });
      }
    }
    const want: number[] = [];
    for (let j = 0; j < days.length; j++) if (days[j]! >= f.from && days[j]! <= f.to) want.push(days[j]!);
    const all = [...new Set([...byDay.keys(), ...want])].sort((a, b) => a - b);
    // Validate every day before storing any, so an invalid record leaves the cache as it was.
    for (const d of all) validateRecords(e, byDay.get(d) ?? [], `bulk file ${f.key} (${e.dateField} ${formatDay(d)})`);
    const now = ctx.now();
    const finalDay = lastFinalDay(now, e.finalAfter);
    let rows = 0;
    for (const d of all) {
      const records = byDay.get(d) ?? [];
      const piece = await cache.write({ endpoint: e.name, series: '*', from: d, to: d, finalThrough: Math.min(d, finalDay), fetchedAt: now },
        records, `bulk=${f.key}&date=${formatDay(d)}`);
      if (e.name === 'bars') await cache.writeColumns(piece, rawBarsFromRecords(records as unknown as BarRecord[]));
      rows += records.length;
    }
    await rm(dest, { force: true });
    out.files++;
    out.pieces += all.length;
    out.rows += rows;
    ctx.emit({ type: 'bulk', endpoint: e.path, key: f.key, days: all.length, rows });
  }
}

/** Where a file's download lives (`<downloads>/<key with / as _>`, plus `.part` while incomplete). */
export function downloadPath(dir: string, key: string): string {
  return join(dir, key.replace(/[^0-9A-Za-z._-]/g, '_'));
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return -1;
  }
}
