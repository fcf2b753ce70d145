/**
 * A worker thread for partition-gather.ts: started early (it takes ~0.1-0.2 s to load), it gathers one share of the
 * columns into output arrays over SharedArrayBuffers while the calling thread gathers the other.
 */
import { Worker } from 'node:worker_threads';
import type { GatherTask } from './partition-gather.ts';

export type GatherThread = {
  /** Gathers the task's columns on the thread (lists and outputs over SharedArrayBuffers). */
  run(task: GatherTask): Promise<void>;
  /** Stops the thread. */
  close(): Promise<void>;
};

export type GatherReply = { failed?: string };

const WORKER = new URL('./gather-worker.ts', import.meta.url);

/** Starts a gathering thread. */
export function startGatherThread(): GatherThread {
  const worker = new Worker(WORKER);
  let dead: Error | undefined;
  let pending: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const fail = (e: Error): void => {
    dead ??= e;
    pending?.reject(e);
    pending = undefined;
  };
  worker.on('message', (r: GatherReply) => {
    const p = pending;
    pending = undefined;
    if (r.failed === undefined) p?.resolve();
    else p?.reject(new Error(r.failed));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`store history: the gathering thread exited (code ${code})`)));
  return {
    run(task) {
      if (dead !== undefined) return Promise.reject(dead);
      for (const c of task.columns) {
        if (!(c.out.buffer instanceof SharedArrayBuffer)) throw new Error(`store history: column ${c.name}: the output must be over a SharedArrayBuffer`);
      }
      return new Promise<void>((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(task);
      });
    },
    async close() {
      dead ??= new Error('store history: the gathering thread is closed');
      await worker.terminate();
    },
  };
}
