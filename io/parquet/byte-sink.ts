/**
 * A growable little-endian byte buffer for building page bodies and row groups, reused between them. It can start
 * over memory it is given (e.g. a SharedArrayBuffer the main thread reads); it moves to fresh memory only if it
 * outgrows it.
 */

/** Appends at least this long into shared memory go through the staging buffer when misaligned. */
const STAGED_MIN = 256;
/** This thread's staging buffer for misaligned appends into shared memory. */
let stage = new Uint8Array(0);

export class ByteSink {
  bytes: Uint8Array;
  length = 0;

  constructor(capacityOrMemory: number | Uint8Array = 1 << 16) {
    this.bytes = typeof capacityOrMemory === 'number' ? new Uint8Array(capacityOrMemory) : capacityOrMemory;
  }

  /** Empties the sink, keeping its memory. */
  reset(): void {
    this.length = 0;
  }

  /** Makes room for `extra` more bytes. */
  ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Appends one byte. */
  u8(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  /** Appends a 32-bit little-endian unsigned integer. */
  u32(value: number): void {
    this.ensure(4);
    this.setU32(this.length, value);
    this.length += 4;
  }

  /** Overwrites 4 bytes at `at` with a little-endian unsigned integer (for length prefixes). */
  setU32(at: number, value: number): void {
    const b = this.bytes;
    b[at] = value & 0xff;
    b[at + 1] = (value >>> 8) & 0xff;
    b[at + 2] = (value >>> 16) & 0xff;
    b[at + 3] = (value >>> 24) & 0xff;
  }

  /** Appends an unsigned LEB128 varint (values below 2^31). */
  varint(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }

  /** Appends raw bytes (which may be a view over a SharedArrayBuffer). */
  append(src: Uint8Array): void {
    this.ensure(src.length);
    const at = this.length;
    if (src.length >= STAGED_MIN && this.bytes.buffer instanceof SharedArrayBuffer && ((this.bytes.byteOffset + at - src.byteOffset) & 7) !== 0) {
      // Into shared memory V8 copies word by word only where source and target addresses agree modulo 8, else byte
      // by byte (5-8x slower): the bytes go first to a staging buffer at the target's alignment (a plain memcpy).
      const r = (this.bytes.byteOffset + at) & 7;
      if (stage.length < src.length + 8) stage = new Uint8Array(Math.max(src.length + 8, stage.length * 2));
      stage.set(src, r);
      this.bytes.set(stage.subarray(r, r + src.length), at);
    } else {
      this.bytes.set(src, at);
    }
    this.length += src.length;
  }

  /** A view of the bytes written so far (valid until the next write or reset). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}
