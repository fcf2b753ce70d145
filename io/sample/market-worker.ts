/** Worker entry: builds the sample market of `workerData` and posts it back, its typed arrays transferred. */
import { parentPort, workerData } from 'node:worker_threads';
import { generateMarket, type SampleOptions } from './market.ts';

const m = generateMarket(workerData as SampleOptions);
const buffers = new Set<ArrayBuffer>();
for (const part of [m, m.bars, m.topix] as object[]) {
  for (const v of Object.values(part)) if (ArrayBuffer.isView(v)) buffers.add(v.buffer as ArrayBuffer);
}
parentPort!.postMessage(m, [...buffers]);
