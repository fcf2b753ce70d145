/**
 * Daily bars assembled from cached pieces on a worker thread, so that the main thread reads the other endpoints
 * meanwhile: reading the sidecars and first touching the output columns' fresh memory (~420 MB for 4M rows) is most
 * of a warm fetch. The columns come back transferred, not copied; the rows and their order are the main thread's.
 */
import { Worker } from 'node:worker_threads';
import type { RawBars } from '../../../engine/raw-bars.ts';

/** One cached piece: its JSON file (the sidecar is `<file>.cols`), its fetch time, and the days whose rows it gives. */
export type ColumnsPart = { file: string; fetchedAt: number; days: number[] };
/** Pieces in output order, the query's day range, and the total rows of the pieces (sizes the output once). */
export type ColumnsJob = { parts: ColumnsPart[]; from: number; to: number; expect: number };

/** The bars of `job`'s pieces, and how many rows they kept; rejects with the reason a piece could not be read. */
export function assembleColumnsOnThread(job: ColumnsJob): Promise<{ bars: RawBars; kept: number }> {
  const worker = new Worker(new URL('./columns-worker.ts', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { bars: RawBars; kept: number } | { error: string }) => {
      void worker.terminate();
      if ('error' in m) reject(new Error(m.error));
      else resolve(m);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`daily bars: the thread assembling them exited with code ${code}`)));
  });
}
