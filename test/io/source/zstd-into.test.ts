import { describe, expect, it } from 'vitest';
import { zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { zstdInto } from '../../../io/source/zstd-into.ts';

/** Bytes with some repetition (so zstd has something to find) that differ from seed to seed. */
function bytesOf(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) { x = (x * 1103515245 + 12345) >>> 0; out[i] = i % 7 === 0 ? x >>> 24 : (i >> 5) & 0xff; }
  return out;
}

describe('zstd pages decompressed into a reused buffer', () => {
  it('gives what zstdDecompressSync gives, page after page, small and large', () => {
    for (const [k, n] of [100, 1 << 20, 5, 70_000, 0, 3 << 20].entries()) {
      const raw = bytesOf(n, k + 1);
      const page = zstdCompressSync(raw);
      const got = zstdInto(page, n);
      expect(got.length).toBe(n);
      expect(Buffer.compare(got, raw)).toBe(0);
      expect(Buffer.compare(got, zstdDecompressSync(page))).toBe(0);
    }
  });

  it('returns every byte of a page that decompresses to more or less than its stated size, for the caller to refuse', () => {
    const raw = bytesOf(1000, 3);
    const page = zstdCompressSync(raw);
    expect(zstdInto(page, 999).length).toBe(1000);
    expect(zstdInto(page, 1001).length).toBe(1000);
    expect(Buffer.compare(zstdInto(page, 1000), raw)).toBe(0);
  });

  it('throws zstd\'s error for a corrupt page and decompresses the next page right', () => {
    const page = zstdCompressSync(bytesOf(5000, 4));
    const corrupt = page.slice();
    corrupt.fill(0x5a, 4, 40);
    expect(() => zstdInto(corrupt, 5000)).toThrow();
    const raw = bytesOf(4000, 5);
    expect(Buffer.compare(zstdInto(zstdCompressSync(raw), 4000), raw)).toBe(0);
  });
});
