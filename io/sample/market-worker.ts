/**
 * Worker entry: builds the sample market of `workerData.options`, posts it back (its typed arrays transferred), and
 * writes its snapshot to `workerData.snapshot` when given (market-snapshot.ts; a failure to write, or the thread
 * stopped before the file is in place, only costs the next run a build).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateMarket, type SampleOptions } from './market.ts';
import { stageMarketSnapshot, type StagedSnapshot } from './market-snapshot.ts';

const { options, snapshot } = workerData as { options: SampleOptions; snapshot?: string };
const m = generateMarket(options);
// The snapshot's bytes go to its temp file before the market's buffers are handed over; the wait for the disk after.
let staged: StagedSnapshot | undefined;
if (snapshot !== undefined) {
  try {
    staged = stageMarketSnapshot(snapshot, m, options);
  } catch {
    // derived data: the next run builds the market again
  }
}
const buffers = new Set<ArrayBuffer>();
for (const part of [m, m.bars, m.topix] as object[]) {
  for (const v of Object.values(part)) if (ArrayBuffer.isView(v)) buffers.add(v.buffer as ArrayBuffer);
}
parentPort!.postMessage(m, [...buffers]);
try {
  staged?.commit();
} catch {
  // as above
}
