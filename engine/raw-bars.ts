/**
 * J-Quants V2 daily bars as columns, raw as the API sends them (not split-adjusted), in any row order.
 * Field names follow V2: Date, Code, O, H, L, C, UL, LL, Vo, Va, AdjFactor, AdjO, AdjH, AdjL, AdjC, AdjVo.
 * Nulls are NaN. This is what the client, the local-file source and the sample generator produce, and
 * what the quality checks and panel assembly consume.
 */
export type RawBars = {
  rows: number;
  /** Dictionary of codes; `code[i]` indexes it. Need not be sorted. */
  codes: string[];
  code: Int32Array;
  /** Days since 1970-01-01. */
  date: Int32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  turnover: Float64Array;
  /** J-Quants AdjFactor on the ex-date row (0.5 for a 1:2 split), 1 elsewhere. */
  adjFactor: Float64Array;
  /** UL / LL flags: 1 when the close hit the upper / lower daily limit. */
  upperLimit: Uint8Array;
  lowerLimit: Uint8Array;
  /** J-Quants' own adjusted values (rounded to 0.1 yen), kept only to cross-check gq's adjustment. */
  adjOpen?: Float64Array;
  adjHigh?: Float64Array;
  adjLow?: Float64Array;
  adjClose?: Float64Array;
  adjVolume?: Float64Array;
  /**
   * The text as received of values that are not finite numbers (`"abc"`, `"1,234"`, `1e400`), by row then field
   * (V2 names), so the quarantine can show what arrived and why; absent when every value was readable.
   */
  received?: Map<number, Record<string, string>>;
};

/** The TOPIX daily series: dates (days since epoch, ascending) and closes (NaN = null). */
export type TopixSeries = {
  date: Int32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
};

/** A J-Quants V2 daily-bar record as it arrives on the wire (numbers may be null). */
export type BarRecord = {
  Date: string;
  Code: string;
  O: number | null;
  H: number | null;
  L: number | null;
  C: number | null;
  UL?: string;
  LL?: string;
  Vo: number | null;
  Va: number | null;
  AdjFactor: number;
  AdjO?: number | null;
  AdjH?: number | null;
  AdjL?: number | null;
  AdjC?: number | null;
  AdjVo?: number | null;
};

/** A J-Quants V2 TOPIX record. */
export type TopixRecord = { Date: string; O: number | null; H: number | null; L: number | null; C: number | null };

/** A UL/LL flag as 0/1: J-Quants sends "1"/"0"; files may hold 1/0 or true/false. Anything else is 0. */
export function flagOf(x: unknown): number {
  return x === '1' || x === 1 || x === true ? 1 : 0;
}
