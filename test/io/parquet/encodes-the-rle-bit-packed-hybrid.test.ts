import { describe, expect, it } from 'vitest';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { ByteSink } from '../../../io/parquet/byte-sink.ts';
import { encodeHybrid } from '../../../io/parquet/rle-hybrid.ts';

function encode(values: number[], bitWidth: number): number[] {
  const sink = new ByteSink(4);
  const n = encodeHybrid(sink, Int32Array.from(values), values.length, bitWidth);
  expect(n).toBe(sink.length);
  return Array.from(sink.view());
}

/** Decodes with hyparquet's reader, an independent implementation. */
function decode(bytes: Uint8Array, bitWidth: number, count: number): number[] {
  const out = new Array<number>(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  readRleBitPackedHybrid({ view, offset: 0 }, bitWidth, out, bytes.length);
  return out;
}

describe('encodeHybrid', () => {
  it('writes a run of equal values as one RLE run', () => {
    // header varint(10 << 1) = 0x14, then the value in one byte
    expect(encode(Array(10).fill(1), 1)).toEqual([0x14, 0x01]);
  });

  it('writes a long run with a multi-byte varint header', () => {
    // 1000 << 1 = 2000 = 0b1111_1010000: low 7 bits 0x50 | 0x80, then 0x0f
    expect(encode(Array(1000).fill(1), 1)).toEqual([0xd0, 0x0f, 0x01]);
  });

  it('bit-packs short runs least significant bit first, padding the last group with zeros', () => {
    // two groups: header (2 << 1) | 1 = 5; 1,0,1,0,1,0,1,0 -> 0x55; 1,1 then padding -> 0x03
    expect(encode([1, 0, 1, 0, 1, 0, 1, 0, 1, 1], 1)).toEqual([0x05, 0x55, 0x03]);
  });

  it('switches from bit-packing to RLE at a run of eight', () => {
    // one packed group 0,1,0,1,0,1,0,1 -> 0xaa, then an RLE run of ten zeros
    expect(encode([0, 1, 0, 1, 0, 1, 0, 1, ...Array(10).fill(0)], 1)).toEqual([0x03, 0xaa, 0x14, 0x00]);
  });

  it('packs 3-bit values as in the Parquet spec example', () => {
    // spec: 0..7 with bit width 3 pack to 10001000 11000110 11111010
    expect(encode([0, 1, 2, 3, 4, 5, 6, 7], 3)).toEqual([0x03, 0x88, 0xc6, 0xfa]);
  });

  it('writes RLE values wider than a byte little-endian', () => {
    expect(encode(Array(8).fill(300), 9)).toEqual([0x10, 0x2c, 0x01]);
  });

  it('splits bit-packed runs after 63 groups', () => {
    const values = Array.from({ length: 64 * 8 }, (_, i) => i % 2);
    const bytes = encode(values, 1);
    expect(bytes[0]).toBe((63 << 1) | 1);
    expect(bytes[64]).toBe((1 << 1) | 1);
    expect(bytes.length).toBe(1 + 63 + 1 + 1);
  });

  it('round-trips random values of several widths through an independent decoder', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (const bitWidth of [1, 2, 5, 9, 12, 17]) {
      const values: number[] = [];
      while (values.length < 5000) {
        const v = Math.floor(next() * 2 ** bitWidth);
        const repeat = next() < 0.3 ? 1 + Math.floor(next() * 40) : 1;
        for (let r = 0; r < repeat; r++) values.push(v);
      }
      const bytes = Uint8Array.from(encode(values, bitWidth));
      expect(decode(bytes, bitWidth, values.length), `bit width ${bitWidth}`).toEqual(values);
    }
  });
});
