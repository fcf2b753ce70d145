/**
 * Column decoding spread over threads: the calling thread decodes one share of the columns while `node:worker_threads`
 * workers (parquet-columns-worker.ts) decode the others, each opening the file itself. Workers hand their typed
 * arrays back by transfer, not by copy. A failure is reported as the single-thread read would report it: the first
 * failing column in the order asked for.
 */
import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { FileMetaData } from 'hyparquet';
import { columnSize, decodeShare, type ShareResult, type Targets } from './parquet-column-decode.ts';
import type { ReadColumn } from './parquet-columns.ts';
import { flatLeaves } from './parquet-footer.ts';
import type { ReadAs } from './parquet-sinks.ts';

/** What a worker is asked to decode. */
export type WorkerTask = { path: string; meta: FileMetaData; names: string[]; as: [string, ReadAs][]; targets?: Targets };
/** What a worker sends back: its columns, or the column that failed and the error's message. */
export type WorkerReply = { columns: Record<string, ReadColumn>; failed?: { column: string; message: string } };

const WORKER = new URL('./parquet-columns-worker.ts', import.meta.url);

/** Decodes `names` on `threads` threads (this one included) and merges the shares. */
export async function decodeOnThreads(handle: FileHandle, meta: FileMetaData, names: readonly string[], as: ReadonlyMap<string, ReadAs>, path: string, threads: number, targets?: Targets): Promise<ShareResult> {
  const [mine, ...theirs] = splitBySize(names, (name) => columnSize(meta, name), threads);
  // Workers first, so that they start up while this thread decodes its own share.
  const jobs = theirs.map((share) => onWorker({ path, meta, names: share, as: [...as].filter(([n]) => share.includes(n)), ...(targets === undefined ? {} : { targets: shareTargets(targets, share) }) }));
  const own = await decodeShare(handle, meta, flatLeaves(meta, path), mine!, as, path, targets);
  const results = [own, ...(await Promise.all(jobs))];
  const columns: Record<string, ReadColumn> = {};
  let failed: ShareResult['failed'];
  for (const r of results) {
    Object.assign(columns, r.columns);
    // A worker's column read into a given array arrives as a new view of the same shared memory: hand back the array given.
    for (const [name, out] of Object.entries(targets?.into ?? {})) {
      const c = r.columns[name];
      if (c?.kind === 'f64') columns[name] = { ...c, values: out };
    }
    if (r.failed !== undefined && (failed === undefined || names.indexOf(r.failed.column) < names.indexOf(failed.column))) failed = r.failed;
  }
  return failed === undefined ? { columns } : { columns, failed };
}

/**
 * `names` cut into `k` shares of near-equal total size: largest first, each onto the lightest share so far. Each
 * share keeps the order of `names`; the heaviest share comes first (the calling thread's, which starts at once).
 */
export function splitBySize(names: readonly string[], sizeOf: (name: string) => number, k: number): string[][] {
  const shares = Array.from({ length: k }, () => ({ size: 0, at: [] as number[] }));
  const bySize = names.map((n, i) => ({ i, size: sizeOf(n) })).sort((a, b) => b.size - a.size || a.i - b.i);
  for (const c of bySize) {
    let s = shares[0]!;
    for (const t of shares) if (t.size < s.size || (t.size === s.size && t.at.length < s.at.length)) s = t;
    s.size += c.size;
    s.at.push(c.i);
  }
  return shares
    .filter((s) => s.at.length > 0)
    .sort((a, b) => b.size - a.size)
    .map((s) => s.at.sort((a, b) => a - b).map((i) => names[i]!));
}

/** The targets of one worker's share of the columns (the row order is shared by all). */
function shareTargets(t: Targets, share: readonly string[]): Targets {
  const into = Object.fromEntries(Object.entries(t.into).filter(([n]) => share.includes(n)));
  return t.order === undefined ? { into } : { into, order: t.order };
}

/** Runs one share on a fresh worker; a worker that dies without replying fails its first column. */
function onWorker(task: WorkerTask): Promise<ShareResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, { workerData: task });
    let done = false;
    const fail = (error: Error): void => {
      if (done) return;
      done = true;
      resolve({ columns: {}, failed: { column: task.names[0]!, error } });
    };
    worker.once('message', (reply: WorkerReply) => {
      done = true;
      resolve(reply.failed === undefined ? { columns: reply.columns } : { columns: reply.columns, failed: { column: reply.failed.column, error: new Error(reply.failed.message) } });
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`readParquetColumns ${task.path}: a decoding worker exited (code ${code}) without a reply`)));
  });
}
