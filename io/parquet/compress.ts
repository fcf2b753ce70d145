/** Page compressors by Parquet codec name. */

import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { constants, gzipSync, ZstdCompress, zstdCompressSync } from 'node:zlib';

/** Codecs the writer supports. ZSTD and GZIP use node:zlib; SNAPPY is hyparquet-writer's pure-JS one (slow). */
export type ParquetCodec = 'ZSTD' | 'GZIP' | 'SNAPPY' | 'UNCOMPRESSED';

/**
 * Turns a page body into its compressed bytes; the result never aliases the input, and may be a view of memory the
 * next call reuses (copy what must outlive it).
 */
export type Compressor = (input: Uint8Array) => Uint8Array;

/** The compressor for `codec` at `level` (ZSTD default 1, GZIP default 1; ignored by the others). */
export function compressorFor(codec: ParquetCodec, level?: number): Compressor {
  if (codec === 'ZSTD') {
    const params = { [constants.ZSTD_c_compressionLevel]: level ?? 1 };
    return (input) => zstdInto(input, params);
  }
  if (codec === 'GZIP') {
    const options = { level: level ?? 1 };
    return (input) => gzipSync(input, options);
  }
  if (codec === 'SNAPPY') return (input) => snappyCompress(input);
  if (codec === 'UNCOMPRESSED') return (input) => input.slice();
  throw new Error(`unknown Parquet codec '${String(codec)}' (expected ZSTD, GZIP, SNAPPY or UNCOMPRESSED)`);
}

type ZstdHandle = { writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void };
type ZstdEngine = ZstdCompress & { _handle?: ZstdHandle | null; _writeState?: Uint32Array };

/** This thread's output buffer for zstd pages, reused page after page. */
let zstdOut = new Uint8Array(0);

/**
 * A page compressed in one zstd frame, as zstdCompressSync makes it (the same engine, driven the same way), but into
 * a buffer this thread reuses instead of a fresh one per page: fresh memory costs a first touch, and its release a
 * garbage collection, per page. The engine's native handle is not public API: without it, zstdCompressSync.
 */
function zstdInto(input: Uint8Array, params: Record<number, number>): Uint8Array {
  // Room for zstd's worst case, so that the frame is made in one call (and zstdCompressSync makes it in one chunk).
  const room = Math.max(1 << 16, input.length + (input.length >> 7) + 1024);
  const engine = new ZstdCompress({ params }) as ZstdEngine;
  const handle = engine._handle;
  if (typeof handle?.writeSync !== 'function' || !(engine._writeState instanceof Uint32Array)) {
    engine.close();
    return zstdCompressSync(input, { params, chunkSize: room });
  }
  engine.on('error', () => undefined); // a failure is redone by zstdCompressSync below, which throws it
  if (zstdOut.length < room) zstdOut = new Uint8Array(Math.max(room, Math.ceil(zstdOut.length * 1.5)));
  handle.writeSync(constants.ZSTD_e_end, input, 0, input.length, zstdOut, 0, room);
  const [left, unread] = engine._writeState;
  const failed = engine.destroyed || engine._handle == null;
  engine.close();
  if (failed || unread !== 0 || left === 0) return zstdCompressSync(input, { params, chunkSize: room });
  return zstdOut.subarray(0, room - left!);
}
