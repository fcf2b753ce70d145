/** REQUIRED UTF8 column chunks from dictionary indices: a per-chunk dictionary page and RLE_DICTIONARY pages. */

import type { ChunkMeta, ChunkWriter } from './chunk-writer.ts';
import { encodeHybrid } from './rle-hybrid.ts';
import { pageSink, scratchI32, scratchMarks } from './scratch.ts';

const encoder = new TextEncoder();

/**
 * Encodes rows [start, end) of a dictionary column. The chunk's dictionary holds only the entries this
 * row group uses, in the order of the input dictionary, so readers see no unused strings.
 * Throws when an index is outside the dictionary (the column has no nulls).
 */
export function encodeDictChunk(
  name: string,
  indices: Int32Array,
  dictionary: readonly string[],
  start: number,
  end: number,
  pageRows: number,
  writer: ChunkWriter,
): ChunkMeta {
  const size = dictionary.length;
  if (size > 1 << 24) throw new Error(`column '${name}': dictionary of ${size} entries is too large (max 2^24)`);
  const used = scratchMarks(size);
  for (let i = start; i < end; i++) {
    const g = indices[i];
    if (!(g >= 0 && g < size)) {
      throw new Error(`column '${name}': row ${i} has dictionary index ${g}, outside 0..${size - 1}`);
    }
    used[g] = 1;
  }
  // local[g] = position of global entry g in this chunk's dictionary
  const local = new Int32Array(size);
  const sink = pageSink;
  sink.reset();
  let count = 0;
  let minBytes: Uint8Array | undefined;
  let maxBytes: Uint8Array | undefined;
  let min: string | undefined;
  let max: string | undefined;
  for (let g = 0; g < size; g++) {
    if (used[g] === 0) continue;
    local[g] = count++;
    const text = dictionary[g];
    const bytes = encoder.encode(text);
    sink.u32(bytes.length);
    sink.append(bytes);
    // Parquet orders strings by their unsigned UTF-8 bytes, which is not JS's UTF-16 order.
    if (minBytes === undefined || compareBytes(bytes, minBytes) < 0) {
      minBytes = bytes;
      min = text;
    }
    if (maxBytes === undefined || compareBytes(bytes, maxBytes) > 0) {
      maxBytes = bytes;
      max = text;
    }
  }
  writer.dictionaryPage(sink.view(), count);

  const bitWidth = count <= 1 ? 1 : 32 - Math.clz32(count - 1);
  for (let ps = start; ps < end; ps += pageRows) {
    const n = Math.min(end, ps + pageRows) - ps;
    const mapped = scratchI32(n);
    for (let i = 0; i < n; i++) mapped[i] = local[indices[ps + i]];
    sink.reset();
    sink.u8(bitWidth);
    encodeHybrid(sink, mapped, n, bitWidth);
    writer.dataPage(sink.view(), n, 'RLE_DICTIONARY');
  }
  return writer.finish(name, end - start, 0, min, max, ['PLAIN', 'RLE_DICTIONARY']);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
