/** Worker entry of parquet-decoder.ts: decodes the float columns asked for into the shared arrays sent, one request at a time, in the row order given at start. */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeShare } from './parquet-column-decode.ts';
import { flatLeaves } from './parquet-footer.ts';
import type { DecodeReply, DecodeRequest, DecoderStart } from './parquet-decoder.ts';

const { path, meta, order } = workerData as DecoderStart;
const handle = await open(path, 'r');
const leaves = flatLeaves(meta, path);
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (req: DecodeRequest) => {
  queue = queue.then(() => decode(req)).then((reply) => parentPort!.postMessage(reply));
});

async function decode({ id, names, into }: DecodeRequest): Promise<DecodeReply> {
  try {
    const r = await decodeShare(handle, meta, leaves, names, new Map(names.map((n) => [n, 'float' as const])), path, { into, order });
    return r.failed === undefined ? { id } : { id, failed: { column: r.failed.column, message: messageOf(r.failed.error) } };
  } catch (e) {
    return { id, failed: { column: names[0]!, message: messageOf(e) } };
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
