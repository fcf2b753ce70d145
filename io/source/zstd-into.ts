/**
 * Zstd pages decompressed with node:zlib into one buffer this thread reuses page after page. zstdDecompressSync makes
 * a fresh engine and a fresh output buffer per call: on the 4M-row dataset that is ~770 MiB of new memory per
 * materialize (first touched page by page, then garbage-collected), about as much CPU as the decompression itself.
 * The engine's native handle (writeSync/reset, what zstdDecompressSync drives) is not public API: where it is missing,
 * or a page does not decompress to exactly its stated size in one call, zstdDecompressSync does the page instead
 * (and throws its error for a corrupt one).
 */
import * as zlib from 'node:zlib';

type Handle = { writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void; reset(): void };
type Engine = zlib.ZstdDecompress & { _handle?: Handle | null; _writeState?: Uint32Array };

let engine: Engine | undefined;
let unsupported = false;
let out = Buffer.alloc(0);

/**
 * The `size` bytes a zstd page decompresses to. The result is a view of this thread's reused buffer, valid until the
 * next call: copy what must outlive it.
 */
export function zstdInto(input: Uint8Array, size: number): Uint8Array {
  const e = engineOf();
  if (e === undefined) return zlib.zstdDecompressSync(input, { chunkSize: Math.max(64, size) });
  // One byte of room past `size`: a page that decompresses to more than it says shows as a full buffer.
  if (out.length < size + 1) out = Buffer.allocUnsafeSlow(Math.max(size + 1, Math.ceil(out.length * 1.5)));
  e._handle!.writeSync(zlib.constants.ZSTD_e_end, input, 0, input.length, out, 0, size + 1);
  if (e.destroyed || e._handle == null) {
    engine = undefined; // the engine failed on this page: zstdDecompressSync says why
    return zlib.zstdDecompressSync(input, { chunkSize: Math.max(64, size) });
  }
  const [availOut, availIn] = e._writeState!;
  e._handle.reset();
  if (availIn !== 0 || size + 1 - availOut! !== size) return zlib.zstdDecompressSync(input, { chunkSize: Math.max(64, size) });
  return out.subarray(0, size);
}

/** This thread's engine, or undefined when node:zlib does not expose its handle as this module expects. */
function engineOf(): Engine | undefined {
  if (engine !== undefined || unsupported) return engine;
  const e = new zlib.ZstdDecompress() as Engine;
  if (typeof e._handle?.writeSync !== 'function' || typeof e._handle.reset !== 'function' || !(e._writeState instanceof Uint32Array)) {
    unsupported = true;
    e.close();
    return undefined;
  }
  e.on('error', () => undefined); // a corrupt page's error is thrown by zstdDecompressSync, not emitted later
  engine = e;
  return e;
}
