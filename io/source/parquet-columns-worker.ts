/** Worker entry of parquet-threads.ts: decodes its share of the columns and sends the typed arrays back by transfer (or writes them in place in shared memory). */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeShare } from './parquet-column-decode.ts';
import { flatLeaves } from './parquet-footer.ts';
import type { WorkerReply, WorkerTask } from './parquet-threads.ts';

const task = workerData as WorkerTask;
parentPort!.postMessage(...(await decode(task)));

/** The reply, and the buffers it moves rather than copies. */
async function decode({ path, meta, names, as, targets }: WorkerTask): Promise<[WorkerReply, ArrayBuffer[]]> {
  let reply: WorkerReply;
  try {
    const handle = await open(path, 'r');
    try {
      const r = await decodeShare(handle, meta, flatLeaves(meta, path), names, new Map(as), path, targets);
      reply = r.failed === undefined ? { columns: r.columns } : { columns: r.columns, failed: { column: r.failed.column, message: messageOf(r.failed.error) } };
    } finally {
      await handle.close();
    }
  } catch (e) {
    reply = { columns: {}, failed: { column: names[0]!, message: messageOf(e) } };
  }
  // Columns read into shared memory are already where the caller sees them: not moved.
  const moved = Object.values(reply.columns).map((c) => (c.kind === 'dict' ? c.indices.buffer : c.values.buffer)).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
  return [reply, moved];
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
