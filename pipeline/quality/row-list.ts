/** Growable typed lists, so checks collect flagged rows without per-row objects. */

/** An Int32 list that doubles its buffer when full. */
export class RowList {
  buf = new Int32Array(16);
  length = 0;

  /** Appends one value. */
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** The values as an exactly sized copy. */
  toArray(): Int32Array {
    return this.buf.slice(0, this.length);
  }
}

/** A Float64 list that doubles its buffer when full. */
export class F64List {
  buf = new Float64Array(16);
  length = 0;

  /** Appends one value. */
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** The values as an exactly sized copy. */
  toArray(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}
