/** Worker entry of gather-thread.ts: gathers the columns of each task it is sent, one task at a time. */
import { parentPort } from 'node:worker_threads';
import type { GatherReply } from './gather-thread.ts';
import { gatherColumns, type GatherTask } from './partition-gather.ts';

let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (task: GatherTask) => {
  queue = queue.then(() => run(task)).then((reply) => parentPort!.postMessage(reply));
});

async function run(task: GatherTask): Promise<GatherReply> {
  try {
    await gatherColumns(task);
    return {};
  } catch (e) {
    return { failed: e instanceof Error ? e.message : String(e) };
  }
}
