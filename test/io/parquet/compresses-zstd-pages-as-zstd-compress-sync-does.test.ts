import { describe, expect, it } from 'vitest';
import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { compressorFor } from '../../../io/parquet/compress.ts';

/** Page-like bytes: prices on a grid (compressible) or noise (not), differing from seed to seed. */
function page(length: number, seed: number, noisy: boolean): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) { x = (x * 1103515245 + 12345) >>> 0; out[i] = noisy || i % 8 === 0 ? x >>> 24 : (i >> 9) & 0xff; }
  return out;
}

describe('zstd page compression', () => {
  for (const level of [undefined, 3]) {
    it(`gives the bytes zstdCompressSync gives in one output chunk, page after page (level ${level ?? 'default 1'})`, () => {
      const compress = compressorFor('ZSTD', level);
      const params = { [constants.ZSTD_c_compressionLevel]: level ?? 1 };
      for (const [k, [n, noisy]] of ([[1 << 20, false], [100, true], [0, false], [70_001, true], [3 << 20, false], [65_536, false]] as const).entries()) {
        const input = page(n, k + 1, noisy);
        const got = compress(input).slice();
        // The writer's call before it reused its output: one chunk with room for zstd's worst case.
        const chunkSize = Math.max(1 << 16, n + (n >> 7) + 1024);
        expect(Buffer.compare(got, zstdCompressSync(input, { params, chunkSize }))).toBe(0);
        expect(Buffer.compare(zstdDecompressSync(got), input)).toBe(0);
      }
    });
  }

  it('gives each level its own bytes when pages of two levels alternate', () => {
    const fast = compressorFor('ZSTD');
    const small = compressorFor('ZSTD', 3);
    for (let k = 0; k < 4; k++) {
      const input = page(200_000, 40 + k, false);
      const chunkSize = Math.max(1 << 16, input.length + (input.length >> 7) + 1024);
      const level = k % 2 === 0 ? 1 : 3;
      const got = (level === 1 ? fast : small)(input).slice();
      expect(Buffer.compare(got, zstdCompressSync(input, { params: { [constants.ZSTD_c_compressionLevel]: level }, chunkSize }))).toBe(0);
    }
  });

  it('never hands back the input itself', () => {
    const input = page(5000, 7, false);
    const out = compressorFor('ZSTD')(input);
    expect(out.buffer).not.toBe(input.buffer);
  });
});
