/**
 * The floor probe of the peer bench, in its own process: the time to allocate the output columns and make one
 * pass that reads 6 input columns and writes every output column once, i.e. the memory traffic any tool must at
 * least pay for this dataset, with no arithmetic worth the name. Run on 1 thread and on `threads` threads (each
 * owning a contiguous slice of rows over SharedArrayBuffers); floor_s is the faster of the two. Fresh output
 * memory costs page faults (the kernel zeroes every page on first touch), which every tool pays too; the same
 * pass repeated over the mapped outputs is reported as pass_mapped_s.
 *   node bench/peers/floor-child.ts --rows N --outputs 77 --threads 2
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { peakRssMiB } from '../args.ts';
import { childArgs, need } from './child-report.ts';

const INPUTS = 6;
/** Rows per block: 6 inputs of a block stay in L1/L2 while every output is written. */
const BLOCK = 2048;

type Slice = { inputs: Float64Array[]; outputs: Float64Array[]; lo: number; hi: number };

/** One pass over rows [lo, hi): each output k is the sum of two inputs, block by block. */
function pass({ inputs, outputs, lo, hi }: Slice): void {
  for (let b = lo; b < hi; b += BLOCK) {
    const e = Math.min(hi, b + BLOCK);
    for (let k = 0; k < outputs.length; k++) {
      const o = outputs[k]!;
      const x = inputs[k % INPUTS]!;
      const y = inputs[(k + 1) % INPUTS]!;
      for (let i = b; i < e; i++) o[i] = x[i]! + y[i]!;
    }
  }
}

function makeInputs(rows: number, shared: boolean): Float64Array[] {
  return Array.from({ length: INPUTS }, (_, k) => {
    const a = shared ? new Float64Array(new SharedArrayBuffer(rows * 8)) : new Float64Array(rows);
    for (let i = 0; i < rows; i++) a[i] = k + i * 1e-6;
    return a;
  });
}

/** Seconds for allocation + one pass on one thread, and for a second pass over the same (now mapped) outputs. */
function oneThread(rows: number, outputs: number): { first: number; again: number } {
  const inputs = makeInputs(rows, false);
  let t = performance.now();
  const outs = Array.from({ length: outputs }, () => new Float64Array(rows));
  pass({ inputs, outputs: outs, lo: 0, hi: rows });
  const first = (performance.now() - t) / 1000;
  t = performance.now();
  pass({ inputs, outputs: outs, lo: 0, hi: rows });
  return { first, again: (performance.now() - t) / 1000 };
}

/** Seconds for allocation + one pass split over `threads` worker threads (workers started before timing). */
async function manyThreads(rows: number, outputs: number, threads: number): Promise<number> {
  const inputs = makeInputs(rows, true);
  const workers = Array.from({ length: threads }, () => new Worker(new URL(import.meta.url), { workerData: 'floor' }));
  await Promise.all(workers.map((w) => new Promise((ok) => w.once('online', ok))));
  const t = performance.now();
  const outs = Array.from({ length: outputs }, () => new Float64Array(new SharedArrayBuffer(rows * 8)));
  const step = Math.ceil(rows / threads);
  await Promise.all(workers.map((w, j) => new Promise((ok, fail) => {
    w.once('message', ok);
    w.once('error', fail);
    w.postMessage({ inputs, outputs: outs, lo: j * step, hi: Math.min(rows, (j + 1) * step) } satisfies Slice);
  })));
  const s = (performance.now() - t) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return s;
}

if (!isMainThread && workerData === 'floor') {
  parentPort!.once('message', (s: Slice) => { pass(s); parentPort!.postMessage('done'); });
} else {
  const args = childArgs();
  const rows = Number(need(args, 'rows'));
  const outputs = Number(need(args, 'outputs'));
  const threads = Number(need(args, 'threads'));
  const one = oneThread(rows, outputs);
  const many = await manyThreads(rows, outputs, threads);
  const gib = (rows * (INPUTS + outputs) * 8) / 2 ** 30;
  const floor = Math.min(one.first, many);
  console.log(JSON.stringify({
    tool: 'floor', rows, outputs, threads, one_thread_s: +one.first.toFixed(3), threads_s: +many.toFixed(3), floor_s: +floor.toFixed(3),
    // the same pass again over outputs already mapped: what is left once page faults are paid
    pass_mapped_s: +one.again.toFixed(3), gib_moved: +gib.toFixed(2), gib_per_s: +(gib / floor).toFixed(2),
    gib_per_s_mapped: +(gib / one.again).toFixed(2), peak_rss_mib: await peakRssMiB(),
  }));
}
