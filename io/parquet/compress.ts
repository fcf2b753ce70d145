/** Page compressors by Parquet codec name. */

import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { constants, gzipSync, zstdCompressSync } from 'node:zlib';

/** Codecs the writer supports. ZSTD and GZIP use node:zlib; SNAPPY is hyparquet-writer's pure-JS one (slow). */
export type ParquetCodec = 'ZSTD' | 'GZIP' | 'SNAPPY' | 'UNCOMPRESSED';

/** Turns a page body into its compressed bytes; the result never aliases the input. */
export type Compressor = (input: Uint8Array) => Uint8Array;

/** The compressor for `codec` at `level` (ZSTD default 1, GZIP default 1; ignored by the others). */
export function compressorFor(codec: ParquetCodec, level?: number): Compressor {
  if (codec === 'ZSTD') {
    const params = { [constants.ZSTD_c_compressionLevel]: level ?? 1 };
    // One output chunk that fits zstd's worst case: node:zlib then returns it without concatenating 16 KiB pieces.
    return (input) => zstdCompressSync(input, { params, chunkSize: Math.max(1 << 16, input.length + (input.length >> 7) + 1024) });
  }
  if (codec === 'GZIP') {
    const options = { level: level ?? 1 };
    return (input) => gzipSync(input, options);
  }
  if (codec === 'SNAPPY') return (input) => snappyCompress(input);
  if (codec === 'UNCOMPRESSED') return (input) => input.slice();
  throw new Error(`unknown Parquet codec '${String(codec)}' (expected ZSTD, GZIP, SNAPPY or UNCOMPRESSED)`);
}
