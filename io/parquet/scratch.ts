/**
 * Reusable scratch buffers for page encoding. Encoding is synchronous and every worker thread has its
 * own module instance, so one set per thread is safe; reusing them keeps 1 MiB allocations per page
 * out of the garbage collector's way. A caller must not hold a scratch array across another call.
 */

import { ByteSink } from './byte-sink.ts';

let f64 = new Float64Array(0);
let f32 = new Float32Array(0);
let i32 = new Int32Array(0);
let u8 = new Uint8Array(0);
let mark = new Uint8Array(0);

/** The page body sink shared by all encoders of this thread. */
export const pageSink = new ByteSink(1 << 20);

/** The row group sink of this thread, for encoders not given memory to encode into. */
export const groupSink = new ByteSink(1 << 20);

/** A Float64 scratch array of at least n elements (contents undefined). */
export function scratchF64(n: number): Float64Array {
  if (f64.length < n) f64 = new Float64Array(n);
  return f64;
}

/** A Float32 scratch array of at least n elements (contents undefined). */
export function scratchF32(n: number): Float32Array {
  if (f32.length < n) f32 = new Float32Array(n);
  return f32;
}

/** An Int32 scratch array of at least n elements (contents undefined). */
export function scratchI32(n: number): Int32Array {
  if (i32.length < n) i32 = new Int32Array(n);
  return i32;
}

/** A Uint8 scratch array of at least n elements (contents undefined). */
export function scratchU8(n: number): Uint8Array {
  if (u8.length < n) u8 = new Uint8Array(n);
  return u8;
}

/** A second Uint8 scratch array of at least n elements, zero-filled over [0, n). */
export function scratchMarks(n: number): Uint8Array {
  if (mark.length < n) mark = new Uint8Array(n);
  else mark.fill(0, 0, n);
  return mark;
}
