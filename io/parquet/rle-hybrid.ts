/**
 * Parquet's RLE / bit-packed hybrid encoding, used for definition levels (bit width 1) and
 * dictionary indices. Spec: https://parquet.apache.org/docs/file-format/data-pages/encodings/
 * (section "Run Length Encoding / Bit-Packing Hybrid").
 */

import type { ByteSink } from './byte-sink.ts';

// Arrow's C++ writer never emits more than 63 groups in one bit-packed run (a one-byte header);
// some readers were only ever tested against that, so we keep to it.
const MAX_GROUPS = 63;

/**
 * Appends `values[0..n)` (each below 2^bitWidth, bitWidth 1..24) to `sink`; returns the bytes written.
 * Runs of 8 or more equal values become RLE runs, everything else bit-packed groups of 8
 * (the last group is zero-padded; readers stop at the page's value count).
 */
export function encodeHybrid(sink: ByteSink, values: Uint8Array | Int32Array, n: number, bitWidth: number): number {
  const before = sink.length;
  const valueBytes = (bitWidth + 7) >> 3;
  let i = 0;
  while (i < n) {
    const v = values[i];
    let j = i + 1;
    while (j < n && values[j] === v) j++;
    if (j - i >= 8 || j === n) {
      rleRun(sink, v, j - i, valueBytes);
      i = j;
      continue;
    }
    const first = i;
    let groups = 0;
    while (i < n && groups < MAX_GROUPS) {
      if (groups > 0 && runOfEightAt(values, i, n)) break;
      i += 8;
      groups++;
    }
    bitPack(sink, values, first, groups, n, bitWidth);
    if (i > n) i = n;
  }
  return sink.length - before;
}

/** Appends a single RLE run of `count` copies of `value`; returns the bytes written (the no-null fast path). */
export function encodeRun(sink: ByteSink, value: number, count: number, bitWidth: number): number {
  const before = sink.length;
  rleRun(sink, value, count, (bitWidth + 7) >> 3);
  return sink.length - before;
}

function runOfEightAt(values: Uint8Array | Int32Array, i: number, n: number): boolean {
  if (i + 8 > n) return false;
  const v = values[i];
  for (let k = i + 1; k < i + 8; k++) if (values[k] !== v) return false;
  return true;
}

function rleRun(sink: ByteSink, value: number, count: number, valueBytes: number): void {
  sink.varint(count << 1);
  sink.ensure(valueBytes);
  for (let b = 0; b < valueBytes; b++) sink.bytes[sink.length++] = (value >>> (8 * b)) & 0xff;
}

// Values are packed from the least significant bit of each byte, as the spec requires.
function bitPack(
  sink: ByteSink,
  values: Uint8Array | Int32Array,
  first: number,
  groups: number,
  n: number,
  bitWidth: number,
): void {
  sink.varint((groups << 1) | 1);
  sink.ensure(groups * bitWidth);
  const out = sink.bytes;
  let at = sink.length;
  const end = first + groups * 8;
  if (bitWidth === 1) {
    for (let g = first; g < end; g += 8) {
      let byte = 0;
      for (let b = 0; b < 8; b++) {
        const k = g + b;
        if (k < n && values[k] !== 0) byte |= 1 << b;
      }
      out[at++] = byte;
    }
  } else {
    let acc = 0;
    let bits = 0;
    for (let k = first; k < end; k++) {
      const v = k < n ? values[k] : 0;
      acc |= v << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out[at++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
  }
  sink.length = at;
}
