/**
 * Worker entry: builds the sample market of `workerData.options`, writes its snapshot to `workerData.snapshot` when
 * given (market-snapshot.ts; a failure to write only costs the next run a build), and posts the market back, its
 * typed arrays transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateMarket, type SampleOptions } from './market.ts';
import { writeMarketSnapshot } from './market-snapshot.ts';

const { options, snapshot } = workerData as { options: SampleOptions; snapshot?: string };
const m = generateMarket(options);
if (snapshot !== undefined) {
  try {
    writeMarketSnapshot(snapshot, m, options);
  } catch {
    // derived data: the next run builds the market again
  }
}
const buffers = new Set<ArrayBuffer>();
for (const part of [m, m.bars, m.topix] as object[]) {
  for (const v of Object.values(part)) if (ArrayBuffer.isView(v)) buffers.add(v.buffer as ArrayBuffer);
}
parentPort!.postMessage(m, [...buffers]);
