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

/**
 * Compresses a page body straight into `out` at `at`, within `room` bytes (at least zstdRoom(input.length)); returns
 * the compressed length, or -1 when it could not (the caller then uses the Compressor). Nothing outside
 * [at, at + room) is touched.
 */
export type CompressInto = (input: Uint8Array, out: Uint8Array, at: number, room: number) => number;

/** The in-place compressor for `codec` at `level`, when it has one (ZSTD); undefined for the others. */
export function compressorInto(codec: ParquetCodec, level?: number): CompressInto | undefined {
  if (codec !== 'ZSTD') return undefined;
  const params = { [constants.ZSTD_c_compressionLevel]: level ?? 1 };
  return (input, out, at, room) => zstdFrame(input, params, out, at, room);
}

/** Room for zstd's worst case on `length` input bytes, so that a frame is made in one call. */
export function zstdRoom(length: number): number {
  return Math.max(1 << 16, length + (length >> 7) + 1024);
}

/** This thread's output buffer for zstd pages, reused page after page. */
let zstdOut = new Uint8Array(0);
/** This thread's zstd engines by level, reused page after page (each page is one whole frame). */
const engines = new Map<number, ZstdEngine>();

/**
 * A page compressed in one zstd frame, as zstdCompressSync makes it (the same engine, driven the same way), but by an
 * engine and into a buffer this thread reuses instead of fresh ones per page: a fresh engine allocates and clears its
 * match tables, and fresh memory costs a first touch and its release a garbage collection, per page. The engine's
 * native handle is not public API: without it, zstdCompressSync.
 */
function zstdInto(input: Uint8Array, params: Record<number, number>): Uint8Array {
  // Room for zstd's worst case, so that the frame is made in one call (and zstdCompressSync makes it in one chunk).
  const room = zstdRoom(input.length);
  if (zstdOut.length < room) zstdOut = new Uint8Array(Math.max(room, Math.ceil(zstdOut.length * 1.5)));
  const n = zstdFrame(input, params, zstdOut, 0, room);
  return n < 0 ? zstdCompressSync(input, { params, chunkSize: room }) : zstdOut.subarray(0, n);
}

/**
 * One zstd frame of `input` written into `out` at `at` (any memory, shared included: the native engine writes it);
 * its length, or -1 when the engine's handle is missing or the frame did not finish in `room` bytes. A frame ended
 * with ZSTD_e_end leaves the engine ready for the next one with its parameters kept (its reset() would restore the
 * default level).
 */
function zstdFrame(input: Uint8Array, params: Record<number, number>, out: Uint8Array, at: number, room: number): number {
  const level = params[constants.ZSTD_c_compressionLevel]!;
  const engine = engines.get(level) ?? newEngine(params);
  const handle = engine?._handle;
  if (engine === undefined || handle == null) return -1;
  engines.set(level, engine);
  handle.writeSync(constants.ZSTD_e_end, input, 0, input.length, out, at, room);
  const [left, unread] = engine._writeState!;
  if (engine.destroyed || engine._handle == null || unread !== 0 || left === 0) {
    engines.delete(level); // a failed or unfinished frame leaves the engine unusable: the next page takes a new one
    engine.close();
    return -1;
  }
  return room - left!;
}

/** A zstd engine whose native handle this module can drive, or undefined when node:zlib does not expose it. */
function newEngine(params: Record<number, number>): ZstdEngine | undefined {
  const engine = new ZstdCompress({ params }) as ZstdEngine;
  if (typeof engine._handle?.writeSync !== 'function' || !(engine._writeState instanceof Uint32Array)) {
    engine.close();
    return undefined;
  }
  engine.on('error', () => undefined); // a failure is redone by zstdCompressSync, which throws it
  return engine;
}
