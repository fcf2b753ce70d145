/**
 * Downloading one bulk file from its signed URL: to the file host (not the API host), with no `x-api-key`, into
 * `<dest>.part`, which gets its final name (fsync + rename) only once it holds every byte `/bulk/list` announced.
 * A download cut in the middle resumes with `Range: bytes=N-` (or starts over when the host ignores the range);
 * an expired URL (403) is replaced by a fresh one from `/bulk/get` and the download goes on from where it was.
 */
import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { JQuantsError } from '../errors.ts';

export type DownloadOptions = {
  /** Asks `/bulk/get` for a fresh signed URL (an API request). */
  url: () => Promise<string>;
  dest: string;
  /** The file's key, for messages. */
  name: string;
  /** Bytes announced by `/bulk/list`; null = unknown (the download is then complete when the host says so). */
  size: number | null;
  dispatcher: Dispatcher;
  /** Idle timeout of the connection; the whole download may take longer. Default 300 s (spec §6.2: bulk 300 s). */
  timeoutMs?: number;
  /** Attempts in all (cuts, expired URLs and 5xx each take one). Default 8. */
  attempts?: number;
  retryDelayMs?: number;
  signal?: AbortSignal;
  /** Called after each failed attempt, with what happened (no URL: it carries a signature). */
  onRetry?: (reason: string) => void;
};

export type Downloaded = { bytes: number; attempts: number; urls: number; resumed: number };

/** Downloads the file to `dest` (atomically), resuming across cuts and expired URLs. */
export async function downloadFile(o: DownloadOptions): Promise<Downloaded> {
  const part = `${o.dest}.part`;
  const attempts = o.attempts ?? 8;
  const timeoutMs = o.timeoutMs ?? 300_000;
  let url = await o.url();
  let urls = 1;
  let resumed = 0;
  let last = '';
  for (let n = 0; n < attempts; n++) {
    o.signal?.throwIfAborted();
    let have = await sizeOf(part);
    if (o.size !== null && have > o.size) {
      await rm(part, { force: true });
      have = 0;
    }
    if (o.size !== null && have === o.size) return finish(part, o.dest, { bytes: have, attempts: n, urls, resumed });
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher: o.dispatcher, method: 'GET', signal: o.signal,
        headers: have > 0 ? { range: `bytes=${have}-` } : {}, headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
      });
    } catch (err) {
      o.signal?.throwIfAborted();
      last = `no answer (${(err as Error).message})`;
      o.onRetry?.(last);
      await sleep(delay(n, o.retryDelayMs));
      continue;
    }
    const status = res.statusCode;
    if (status === 403) {
      await res.body.dump();
      last = 'the signed URL was refused (403: expired)';
      o.onRetry?.(last);
      url = await o.url();
      urls++;
      continue;
    }
    if (status === 416) {
      await res.body.dump();
      await rm(part, { force: true });
      last = 'the host refused the resume range (416)';
      o.onRetry?.(last);
      continue;
    }
    if (status !== 200 && status !== 206) {
      const text = (await res.body.text()).slice(0, 200);
      last = `HTTP ${status}`;
      if (status < 500) throw new JQuantsError('http', `the bulk file host answered HTTP ${status} for ${o.name}: ${text}`, { status });
      o.onRetry?.(last);
      await sleep(delay(n, o.retryDelayMs));
      continue;
    }
    // A 206 continues the part from its end; a 200 is the whole file again (the host ignored the range): start over.
    const append = status === 206 && have > 0 && String(res.headers['content-range'] ?? '').startsWith(`bytes ${have}-`);
    if (status === 206 && !append) {
      await res.body.dump();
      await rm(part, { force: true });
      last = 'a partial answer that does not continue the download';
      o.onRetry?.(last);
      continue;
    }
    if (append) resumed++;
    try {
      await pipeline(res.body, createWriteStream(part, { flags: append ? 'a' : 'w' }));
    } catch (err) {
      o.signal?.throwIfAborted();
      last = `the download was cut (${(err as Error).message})`;
      o.onRetry?.(last);
      continue;
    }
    const got = await sizeOf(part);
    if (o.size === null || got === o.size) return finish(part, o.dest, { bytes: got, attempts: n + 1, urls, resumed });
    last = `the download ended at ${got} of ${o.size} bytes`;
    o.onRetry?.(last);
  }
  throw new JQuantsError('network', `could not download bulk file ${o.name} after ${attempts} attempts: ${last}`);
}

async function finish(part: string, dest: string, r: Downloaded): Promise<Downloaded> {
  const h = await open(part, 'r+');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
  await rename(part, dest);
  const d = await open(dirname(dest), 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
  return r;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function delay(n: number, base = 500): number {
  return Math.min(30_000, base * 2 ** n);
}
