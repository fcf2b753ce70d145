/** OPTIONAL DOUBLE / FLOAT column chunks: definition levels straight from NaN, PLAIN non-null values. */

import type { ChunkMeta, ChunkWriter } from './chunk-writer.ts';
import { encodeHybrid, encodeRun } from './rle-hybrid.ts';
import { pageSink, scratchF32, scratchF64, scratchU8 } from './scratch.ts';

/**
 * Encodes rows [start, end) of a float column as data pages of at most `pageRows` rows.
 * A NaN is a null: its definition level is 0 and it is left out of the values, as Parquet requires.
 * Statistics: min/max over non-null values (a zero min is -0 and a zero max +0, per the spec), null count.
 */
export function encodeFloatChunk(
  name: string,
  values: Float64Array | Float32Array,
  start: number,
  end: number,
  pageRows: number,
  writer: ChunkWriter,
): ChunkMeta {
  const wide = values instanceof Float64Array;
  let min = Infinity;
  let max = -Infinity;
  let present = 0;
  for (let ps = start; ps < end; ps += pageRows) {
    const n = Math.min(end, ps + pageRows) - ps;
    const valid = scratchU8(n);
    // One pass: compact non-null values, mark validity, track min/max (hand-inlined for speed). An element loop,
    // not byte copies of runs: `values` is usually shared memory, which V8 copies byte by byte (relaxed atomics)
    // when source and target offsets are unequally aligned, as they are here.
    const packed = wide ? scratchF64(n) : scratchF32(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = values[ps + i];
      if (v === v) {
        packed[k++] = v;
        valid[i] = 1;
        if (v < min) min = v;
        if (v > max) max = v;
      } else {
        valid[i] = 0;
      }
    }
    present += k;
    const sink = pageSink;
    sink.reset();
    sink.u32(0); // v1 data pages prefix the levels with their byte length
    const levelBytes = k === n ? encodeRun(sink, 1, n, 1) : k === 0 ? encodeRun(sink, 0, n, 1) : encodeHybrid(sink, valid, n, 1);
    sink.setU32(0, levelBytes);
    sink.append(new Uint8Array(packed.buffer, 0, k * packed.BYTES_PER_ELEMENT));
    writer.dataPage(sink.view(), n, 'PLAIN');
  }
  const rows = end - start;
  const hasValues = present > 0;
  return writer.finish(
    name,
    rows,
    rows - present,
    hasValues ? (min === 0 ? -0 : min) : undefined,
    hasValues ? (max === 0 ? 0 : max) : undefined,
    ['PLAIN', 'RLE'],
  );
}
