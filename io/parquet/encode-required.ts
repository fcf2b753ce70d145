/** REQUIRED column chunks without levels: DATE and INT(8) as PLAIN INT32, booleans as PLAIN bits. */

import type { ChunkMeta, ChunkWriter } from './chunk-writer.ts';
import { pageSink, scratchI32 } from './scratch.ts';

/** Encodes rows [start, end) of an Int32 (date) or Int8 column as PLAIN INT32 pages, with min/max. */
export function encodeIntChunk(
  name: string,
  values: Int32Array | Int8Array,
  start: number,
  end: number,
  pageRows: number,
  writer: ChunkWriter,
): ChunkMeta {
  let min = Infinity;
  let max = -Infinity;
  for (let ps = start; ps < end; ps += pageRows) {
    const n = Math.min(end, ps + pageRows) - ps;
    const wide = scratchI32(n);
    for (let i = 0; i < n; i++) {
      const v = values[ps + i];
      wide[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    pageSink.reset();
    pageSink.append(new Uint8Array(wide.buffer, 0, n * 4));
    writer.dataPage(pageSink.view(), n, 'PLAIN');
  }
  return writer.finish(name, end - start, 0, min, max, ['PLAIN']);
}

/** Encodes rows [start, end) of a 0/1 column as PLAIN BOOLEAN pages (bit-packed, least significant bit first). */
export function encodeBoolChunk(
  name: string,
  values: Uint8Array,
  start: number,
  end: number,
  pageRows: number,
  writer: ChunkWriter,
): ChunkMeta {
  let anyFalse = false;
  let anyTrue = false;
  for (let ps = start; ps < end; ps += pageRows) {
    const pe = Math.min(end, ps + pageRows);
    const sink = pageSink;
    sink.reset();
    sink.ensure((pe - ps + 7) >> 3);
    const out = sink.bytes;
    let at = 0;
    for (let g = ps; g < pe; g += 8) {
      let byte = 0;
      const top = Math.min(8, pe - g);
      for (let b = 0; b < top; b++) if (values[g + b] !== 0) byte |= 1 << b;
      // all-ones or all-zeros bytes tell which values occur without a second pass
      if (byte !== 0) anyTrue = true;
      if (byte !== (1 << top) - 1) anyFalse = true;
      out[at++] = byte;
    }
    sink.length = at;
    writer.dataPage(sink.view(), pe - ps, 'PLAIN');
  }
  return writer.finish(name, end - start, 0, !anyFalse, anyTrue, ['PLAIN']);
}
