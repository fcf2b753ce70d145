/**
 * RawBars built from records arriving in pieces (a day or a code at a time), so that no more than one piece of
 * record objects is alive at once: each piece becomes columns straight away and the records can be dropped.
 */
import type { BarRecord, RawBars } from './raw-bars.ts';
import { rawBarsFromRecords } from './raw-from-records.ts';

const F64 = ['open', 'high', 'low', 'close', 'volume', 'turnover', 'adjFactor'] as const;
const ADJ = ['adjOpen', 'adjHigh', 'adjLow', 'adjClose', 'adjVolume'] as const;

export type RawBuilder = {
  /** Sizes the output for `rows` rows in all before the first piece arrives (a hint: more rows still fit). */
  expect(rows: number): void;
  /** Adds a piece of records. */
  append(records: readonly BarRecord[]): void;
  /**
   * Copies the rows of a piece already in columns that `keep` marks 1 (all rows without it); `raw` is not modified
   * nor kept, so it may be a view of a buffer its reader reuses.
   */
  appendColumns(raw: RawBars, keep?: Uint8Array): void;
  /** Takes `raw`'s columns as they are (no copy) when nothing was added yet, else adds its rows as appendColumns does. */
  adopt(raw: RawBars): void;
  /** The bars of every piece, in arrival order. */
  finish(): RawBars;
};

type Columns = Omit<RawBars, 'rows' | 'codes' | 'received'>;

/**
 * A builder with an empty code dictionary. Rows are copied straight into the output columns, sized once when the
 * row count is known in advance (`expect`), so that fresh memory is touched once per row.
 */
export function rawBuilder(): RawBuilder {
  let capacity = 0;
  const codes: string[] = [];
  const index = new Map<string, number>();
  let cols: Columns | undefined;
  let cap = 0;
  let at = 0;
  /** Every piece so far had J-Quants' adjusted columns (the output keeps them only then). */
  let withAdj = true;
  let received: Map<number, Record<string, string>> | undefined;
  const alloc = (n: number, adj: boolean): Columns => {
    const c: Columns = {
      code: new Int32Array(n), date: new Int32Array(n),
      open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n),
      volume: new Float64Array(n), turnover: new Float64Array(n), adjFactor: new Float64Array(n),
      upperLimit: new Uint8Array(n), lowerLimit: new Uint8Array(n),
    };
    if (adj) for (const k of ADJ) c[k] = new Float64Array(n);
    return c;
  };
  /** Room for `more` rows after `at` (growing by half at least, copying what is there). */
  const reserve = (more: number, adj: boolean): Columns => {
    if (cols !== undefined && at + more <= cap) return cols;
    const n = Math.max(at + more, cols === undefined ? capacity : Math.ceil(cap * 1.5));
    const next = alloc(n, adj);
    if (cols !== undefined) copyInto(next, cols, at);
    cols = next;
    cap = n;
    return next;
  };
  const appendColumns = (raw: RawBars, keep?: Uint8Array): void => {
    let n = raw.rows;
    if (keep !== undefined) { n = 0; for (let i = 0; i < raw.rows; i++) n += keep[i]!; }
    if (n === 0) return;
    if (withAdj && raw.adjClose === undefined) {
      withAdj = false;
      if (cols !== undefined) for (const k of ADJ) delete cols[k];
    }
    const out = reserve(n, withAdj);
    const map = raw.codes.map((code) => {
      let k = index.get(code);
      if (k === undefined) { k = codes.length; codes.push(code); index.set(code, k); }
      return k;
    });
    if (n === raw.rows) {
      for (let i = 0; i < n; i++) out.code[at + i] = map[raw.code[i]!]!;
      out.date.set(raw.date, at);
      for (const k of F64) out[k].set(raw[k], at);
      if (withAdj) for (const k of ADJ) out[k]!.set(raw[k]!, at);
      out.upperLimit.set(raw.upperLimit, at); out.lowerLimit.set(raw.lowerLimit, at);
      if (raw.received !== undefined) for (const [i, t] of raw.received) (received ??= new Map()).set(at + i, t);
    } else {
      for (let i = 0, j = at; i < raw.rows; i++) {
        if (keep![i] !== 1) continue;
        out.code[j] = map[raw.code[i]!]!; out.date[j] = raw.date[i]!;
        for (const k of F64) out[k][j] = raw[k][i]!;
        if (withAdj) for (const k of ADJ) out[k]![j] = raw[k]![i]!;
        out.upperLimit[j] = raw.upperLimit[i]!; out.lowerLimit[j] = raw.lowerLimit[i]!;
        const t = raw.received?.get(i);
        if (t !== undefined) (received ??= new Map()).set(j, t);
        j++;
      }
    }
    at += n;
  };
  return {
    expect(rows) {
      if (cols === undefined) capacity = rows;
    },
    append(records) {
      if (records.length > 0) appendColumns(rawBarsFromRecords(records));
    },
    appendColumns,
    adopt(raw) {
      if (cols !== undefined || raw.rows === 0) { appendColumns(raw); return; }
      const { rows, codes: list, received: got, ...c } = raw;
      cols = c;
      cap = at = rows;
      withAdj = raw.adjClose !== undefined;
      for (const code of list) { index.set(code, codes.length); codes.push(code); }
      if (got !== undefined) received = got;
    },
    finish() {
      // Exactly sized arrays: trimmed by a copy when the capacity was more than the rows.
      const c = cols === undefined || at === 0 ? alloc(0, false) : at === cap ? cols : copyInto(alloc(at, withAdj), cols, at);
      const out: RawBars = { rows: at, codes, ...c };
      if (at === 0 || !withAdj) for (const k of ADJ) delete out[k];
      if (received !== undefined) out.received = received;
      cols = undefined;
      return out;
    },
  };
}

/** Copies the first `n` rows of every column of `from` that `to` has into `to`; returns `to`. */
function copyInto(to: Columns, from: Columns, n: number): Columns {
  to.code.set(from.code.subarray(0, n)); to.date.set(from.date.subarray(0, n));
  for (const k of F64) to[k].set(from[k].subarray(0, n));
  for (const k of ADJ) if (to[k] !== undefined && from[k] !== undefined) to[k].set(from[k].subarray(0, n));
  to.upperLimit.set(from.upperLimit.subarray(0, n)); to.lowerLimit.set(from.lowerLimit.subarray(0, n));
  return to;
}
