/**
 * An exclusive lock on one bulk download, shared by every process that uses the same raw cache (two `gq worker`s on
 * one machine, or on a shared disk): `<path>` is created with O_EXCL and holds `<host> <pid>`. A lock whose process
 * is gone (same host) or that has not been touched for `staleMs` (another host) is taken over; otherwise the caller
 * waits until it is released.
 */
import { hostname } from 'node:os';
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive } from '../../stale-temps.ts';

export type FileLockOptions = {
  signal?: AbortSignal;
  /** A lock of another host untouched this long is taken over. Default 10 minutes. */
  staleMs?: number;
  /** How often a waiter looks again. Default 200 ms. */
  pollMs?: number;
};

export type FileLock = {
  /** Whether another process held the lock first (its work may have made ours unnecessary). */
  waited: boolean;
  /** Marks the lock as alive (for waiters on other hosts). */
  touch(): Promise<void>;
  release(): Promise<void>;
};

/** Takes the lock at `path`, waiting while a live process holds it. */
export async function takeFileLock(path: string, o: FileLockOptions = {}): Promise<FileLock> {
  const me = `${hostname()} ${process.pid}`;
  const staleMs = o.staleMs ?? 600_000;
  let waited = false;
  for (;;) {
    o.signal?.throwIfAborted();
    try {
      const h = await open(path, 'wx');
      try {
        await h.writeFile(me);
      } finally {
        await h.close();
      }
      return {
        waited,
        touch: async () => {
          const now = new Date();
          await utimes(path, now, now).catch(() => undefined);
        },
        release: async () => {
          if ((await readFile(path, 'utf8').catch(() => '')) === me) await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await isStale(path, staleMs)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    waited = true;
    await sleep(o.pollMs ?? 200, undefined, { signal: o.signal });
  }
}

/** Whether the holder of the lock at `path` is gone (same host: its pid; another host: no touch for `staleMs`). */
async function isStale(path: string, staleMs: number): Promise<boolean> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return false; // released meanwhile: try again
  const [host, pidText] = text.split(' ');
  if (host === hostname() && pidText !== undefined && /^\d+$/.test(pidText)) return !processAlive(Number(pidText));
  const st = await stat(path).catch(() => null);
  return st !== null && Date.now() - st.mtimeMs > staleMs;
}
