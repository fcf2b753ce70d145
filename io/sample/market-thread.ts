/**
 * The sample market built on a worker thread, so the main thread goes on (reading the raw cache, say) while it is
 * made. The market is the same bytes as generateMarket's: the same code runs, only on another thread.
 */
import { Worker } from 'node:worker_threads';
import type { SampleMarket, SampleOptions } from './market.ts';

export type MarketThread = {
  /** The market, once built. */
  market: Promise<SampleMarket>;
  /**
   * Stops the thread if it is still building (the market is then never delivered); once the market is delivered,
   * waits for the thread to finish writing its snapshot instead.
   */
  cancel(): Promise<void>;
};

/** Starts building the market of `o` on a worker thread; with `snapshot`, the thread also writes it there (market-snapshot.ts). */
export function generateMarketOnThread(o: SampleOptions, snapshot?: string): MarketThread {
  const worker = new Worker(new URL('./market-worker.ts', import.meta.url), { workerData: { options: o, snapshot } });
  let cancelled = false;
  let delivered = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const market = new Promise<SampleMarket>((resolve, reject) => {
    worker.once('message', (m: SampleMarket) => { delivered = true; resolve(m); });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(cancelled ? 'sample market: building it was cancelled' : `sample market: its worker thread exited with code ${code}`)));
  });
  // Nobody may ever ask for it (the raw cache answered everything): a cancelled build is no unhandled rejection.
  market.catch(() => undefined);
  return {
    market,
    async cancel() {
      cancelled = true;
      if (delivered) await exited;
      else await worker.terminate();
    },
  };
}
