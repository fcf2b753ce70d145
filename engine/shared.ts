/** Typed-array columns over SharedArrayBuffer, so worker threads read and write them in place. */

/** A Float64 column of n rows over a fresh SharedArrayBuffer, filled with NaN (null). */
export function sharedF64(n: number, fill = Number.NaN): Float64Array {
  const a = new Float64Array(new SharedArrayBuffer(n * 8));
  if (fill !== 0) a.fill(fill);
  return a;
}

/** A Float32 column of n rows over a fresh SharedArrayBuffer, filled with NaN (null). */
export function sharedF32(n: number, fill = Number.NaN): Float32Array {
  const a = new Float32Array(new SharedArrayBuffer(n * 4));
  if (fill !== 0) a.fill(fill);
  return a;
}

/** An Int32 column of n rows over a fresh SharedArrayBuffer, zero-filled. */
export function sharedI32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * 4));
}

/** An Int8 column of n rows over a fresh SharedArrayBuffer, zero-filled. */
export function sharedI8(n: number): Int8Array {
  return new Int8Array(new SharedArrayBuffer(n));
}

/** A Uint8 column of n rows over a fresh SharedArrayBuffer, zero-filled. */
export function sharedU8(n: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(n));
}
