/**
 * RawBars built from records arriving in pieces (a day or a code at a time), so that no more than one piece of
 * record objects is alive at once: each piece becomes columns straight away and the records can be dropped.
 */
import type { BarRecord, RawBars } from './raw-bars.ts';
import { rawBarsFromRecords } from './raw-from-records.ts';
import { subsetRaw } from './subset-raw.ts';

const F64 = ['open', 'high', 'low', 'close', 'volume', 'turnover', 'adjFactor'] as const;
const ADJ = ['adjOpen', 'adjHigh', 'adjLow', 'adjClose', 'adjVolume'] as const;

export type RawBuilder = {
  /** Adds a piece of records. */
  append(records: readonly BarRecord[]): void;
  /** Adds the rows of a piece already in columns that `keep` marks 1 (all rows without it); `raw` is not modified. */
  appendColumns(raw: RawBars, keep?: Uint8Array): void;
  /** The bars of every piece, in arrival order. */
  finish(): RawBars;
};

/** A builder with an empty code dictionary. */
export function rawBuilder(): RawBuilder {
  const chunks: RawBars[] = [];
  const codes: string[] = [];
  const index = new Map<string, number>();
  /** Renumbers the chunk's codes into the shared dictionary (into a new code column) and keeps it. */
  const add = (c: RawBars): void => {
    if (c.rows === 0) return;
    const map = c.codes.map((code) => {
      let k = index.get(code);
      if (k === undefined) { k = codes.length; codes.push(code); index.set(code, k); }
      return k;
    });
    const code = new Int32Array(c.rows);
    for (let i = 0; i < c.rows; i++) code[i] = map[c.code[i]!]!;
    chunks.push({ ...c, code });
  };
  return {
    append(records) {
      if (records.length > 0) add(rawBarsFromRecords(records));
    },
    appendColumns(raw, keep) {
      add(keep === undefined ? raw : subsetRaw(raw, keep));
    },
    finish() {
      const n = chunks.reduce((s, c) => s + c.rows, 0);
      const withAdj = chunks.length > 0 && chunks.every((c) => c.adjClose !== undefined);
      const out: RawBars = {
        rows: n, codes, code: new Int32Array(n), date: new Int32Array(n),
        open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n),
        volume: new Float64Array(n), turnover: new Float64Array(n), adjFactor: new Float64Array(n),
        upperLimit: new Uint8Array(n), lowerLimit: new Uint8Array(n),
      };
      if (withAdj) for (const k of ADJ) out[k] = new Float64Array(n);
      let at = 0;
      for (const c of chunks) {
        out.code.set(c.code, at); out.date.set(c.date, at);
        for (const k of F64) out[k].set(c[k], at);
        out.upperLimit.set(c.upperLimit, at); out.lowerLimit.set(c.lowerLimit, at);
        if (withAdj) for (const k of ADJ) out[k]!.set(c[k]!, at);
        if (c.received !== undefined) for (const [i, t] of c.received) (out.received ??= new Map()).set(at + i, t);
        at += c.rows;
      }
      chunks.length = 0;
      return out;
    },
  };
}
