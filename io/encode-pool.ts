/**
 * Encoding the dataset on worker threads: Parquet row groups and CSV blocks are encoded in parallel and handed back
 * in file order. Columns travel as views over SharedArrayBuffers, so a task copies no data in. Row groups are encoded
 * into output buffers that move to the worker and back and are reused once `each` has consumed them (written or
 * copied), so their pages are touched once per run, not once per group; CSV blocks are transferred back. At most
 * `inFlight` tasks are pending, which bounds the encoded bytes held in memory.
 */
import { Piscina } from 'piscina';
import type { OutColumn } from './columns.ts';
import type { CsvTask, ParquetResult, ParquetTask } from './encode-worker.ts';
import type { EncodeOptions, RowGroupMeta } from './parquet/encode-row-group.ts';

export type EncodePool = {
  /**
   * Encodes rows [0, rows) as row groups laid out as `layout` says (a ParquetSink's); `each` receives them in order and
   * must be done with the bytes when it resolves. `lead` bytes go before the first group's (its `bytes` start with
   * them; its meta does not count them).
   */
  parquet(columns: OutColumn[], rows: number, layout: { encode: EncodeOptions; rowGroupSize: number }, each: (g: { bytes: Uint8Array; meta: RowGroupMeta }) => Promise<void>, lead?: Uint8Array): Promise<void>;
  /** Formats rows [0, rows) as CSV blocks; `each` receives them, with their row counts, in order. */
  csv(columns: OutColumn[], rows: number, each: (block: Uint8Array, rows: number) => Promise<void>): Promise<void>;
  close(): Promise<void>;
};

const CSV_BLOCK_ROWS = 16_384;

/** Starts `threads` encoding workers. */
export function createEncodePool(threads: number): EncodePool {
  const pool = new Piscina({
    filename: new URL('./encode-worker.ts', import.meta.url).href,
    minThreads: threads, maxThreads: threads, idleTimeout: 60_000,
  });
  // One task more than threads: while the oldest result is written, every thread encodes the next ones. Each task
  // holds an output buffer (a row group's bytes, touched page by page the first time), so no more than that.
  const inFlight = threads + 1;
  const free: Uint8Array[] = [];
  // Shared memory for one row group: one from the free list that is large enough, or a new one.
  const take = (bytes: number): Uint8Array => {
    const i = free.findIndex((b) => b.length >= bytes);
    return i < 0 ? alignedShared(bytes) : free.splice(i, 1)[0]!;
  };
  return {
    parquet: (columns, rows, { encode: options, rowGroupSize }, each, lead) => {
      checkShared(columns);
      const bound = rowGroupBound(columns, rowGroupSize) + (lead?.length ?? 0);
      return inOrder(
        ranges(rows, rowGroupSize),
        async ([start, end]) => {
          const out = take(bound);
          const task: ParquetTask = { columns, start, end, options, out };
          if (start === 0 && lead !== undefined && lead.length > 0) task.lead = lead;
          try {
            const r = (await pool.run(task, { name: 'parquet' })) as ParquetResult;
            return { out, meta: r.meta, bytes: r.bytes ?? out.subarray(0, r.length) };
          } catch (e) {
            free.push(out);
            throw e;
          }
        },
        inFlight,
        async (g) => { try { await each(g); } finally { free.push(g.out); } },
      );
    },
    csv: (columns, rows, each) => {
      checkShared(columns);
      return inOrder(
        ranges(rows, CSV_BLOCK_ROWS),
        async ([start, end]) => ({ block: (await pool.run({ columns, start, end } satisfies CsvTask, { name: 'csv' })) as Uint8Array, rows: end - start }),
        inFlight, (r) => each(r.block, r.rows),
      );
    },
    close: () => pool.destroy(),
  };
}

/**
 * Bytes a row group of `rows` rows of these columns can take: PLAIN values, definition levels, page headers,
 * the dictionary, zstd's worst case on incompressible pages, and the padding to whole blocks. Too small only costs a
 * copy (the worker then sends its own buffer back).
 */
function rowGroupBound(columns: readonly OutColumn[], rows: number): number {
  let bytes = 0;
  for (const c of columns) {
    if (c.kind === 'dict') bytes += rows * 4 + c.dictionary.reduce((n, s) => n + 4 + 3 * s.length, 0);
    else if (c.kind === 'bool') bytes += Math.ceil(rows / 8);
    else bytes += rows * (c.kind === 'f64' ? 8 : 4) + Math.ceil(rows / 8);
    bytes += 4096; // page headers and level run headers
  }
  return Math.ceil(bytes * 1.01) + (1 << 16);
}

/** `bytes` (rounded up to 64 KiB) of page-aligned shared memory: a shared WebAssembly.Memory, which V8 maps with mmap. */
function alignedShared(bytes: number): Uint8Array {
  const pages = Math.ceil(bytes / 65_536);
  return new Uint8Array(new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }).buffer as unknown as SharedArrayBuffer);
}

/** [start, end) ranges of `size` covering [0, rows). */
function ranges(rows: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < rows; a += size) out.push([a, Math.min(rows, a + size)]);
  return out;
}

/** Refuses columns a worker could not share: one over a plain ArrayBuffer would be copied into every task. */
function checkShared(columns: readonly OutColumn[]): void {
  const c = columns.find((x) => !isShared(x));
  if (c !== undefined) throw new Error(`encode pool: column ${c.name} is not over a SharedArrayBuffer`);
}

function isShared(c: OutColumn): boolean {
  return (c.kind === 'dict' ? c.indices : c.values).buffer instanceof SharedArrayBuffer;
}

/** Runs `start` over items with at most `limit` pending (counting the one `each` holds), handing results to `each` in item order. */
async function inOrder<I, R>(items: I[], start: (item: I) => Promise<R>, limit: number, each: (r: R) => Promise<void>): Promise<void> {
  const pending: Promise<R>[] = [];
  let next = 0;
  const fill = (): void => {
    while (next < items.length && pending.length < limit) pending.push(start(items[next++]!));
  };
  fill();
  try {
    while (pending.length > 0) {
      const r = await pending.shift()!;
      await each(r); // before the next task starts, so that it can take the buffer `each` gives back
      fill();
    }
  } catch (e) {
    for (const p of pending) p.catch(() => undefined); // settle the rest quietly: the first error is the one thrown
    throw e;
  }
}

/** Whether every column is over a SharedArrayBuffer (so the pool can encode it without copying). */
export function allShared(columns: readonly OutColumn[]): boolean {
  return columns.every(isShared);
}
