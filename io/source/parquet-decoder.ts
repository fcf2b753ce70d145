/**
 * A long-lived decoding thread for one Parquet file: float columns are decoded on request into given arrays over
 * SharedArrayBuffers, in a row order given once (as readParquetColumns' `into` and `order` do), so that a caller
 * decoding a file's columns in many turns starts one worker, not one per turn.
 */
import { Worker } from 'node:worker_threads';
import type { FileMetaData } from 'hyparquet';

/** What the worker starts with: the file, its parsed footer, and the place of each file row in the arrays. */
export type DecoderStart = { path: string; meta: FileMetaData; order: Int32Array };
export type DecodeRequest = { id: number; names: string[]; into: Record<string, Float64Array> };
export type DecodeReply = { id: number; failed?: { column: string; message: string } };

export type ColumnDecoder = {
  /** Decodes the named float columns (nulls as NaN) into `into` (arrays over SharedArrayBuffers, one per name). */
  decode(names: readonly string[], into: Readonly<Record<string, Float64Array>>): Promise<void>;
  /** Stops the thread. */
  close(): Promise<void>;
};

const WORKER = new URL('./parquet-decoder-worker.ts', import.meta.url);

/** Starts a decoding thread for the file at `path` whose footer is `meta`; file row r goes to [order[r]]. */
export function openColumnDecoder(path: string, meta: FileMetaData, order: Int32Array): ColumnDecoder {
  const worker = new Worker(WORKER, { workerData: { path, meta, order } satisfies DecoderStart });
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let next = 0;
  let dead: Error | undefined;
  const failAll = (e: Error): void => {
    dead ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (r: DecodeReply) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    if (r.failed === undefined) p?.resolve();
    else p?.reject(new Error(r.failed.message.startsWith('readParquetColumns') ? r.failed.message : `readParquetColumns ${path}: column "${r.failed.column}": ${r.failed.message}`));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`readParquetColumns ${path}: the decoding thread exited (code ${code})`)));
  return {
    decode(names, into) {
      if (dead !== undefined) return Promise.reject(dead);
      for (const name of names) {
        if (!(into[name]?.buffer instanceof SharedArrayBuffer)) throw new Error(`readParquetColumns ${path}: column "${name}": the array to decode into must be over a SharedArrayBuffer`);
      }
      const id = next++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, names: [...names], into: { ...into } } satisfies DecodeRequest);
      });
    },
    async close() {
      dead ??= new Error(`readParquetColumns ${path}: the decoder is closed`);
      await worker.terminate();
    },
  };
}
