/**
 * A Panel: one run's columns, sorted by (code, date), over SharedArrayBuffers.
 * Code k owns rows [offsets[k], offsets[k+1]). Prices are split-adjusted backward from AdjFactor,
 * volume inversely, turnover never; no-trade days carry O=H=L=C=previous close, volume 0, traded 0.
 * Rows before a code's first trade are not in the panel.
 */
import type { EventJoin } from './events/join-events.ts';

export type Panel = {
  rows: number;
  /** Code dictionary, ascending; `code[i]` indexes it, and `offsets` follows its order. */
  codes: string[];
  offsets: Int32Array;
  code: Int32Array;
  /** Days since 1970-01-01. */
  date: Int32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  turnover: Float64Array;
  /** 1 when the code traded that day, 0 on a no-trade day. */
  traded: Uint8Array;
  /** +1 upper daily limit hit, -1 lower, 0 neither (from UL/LL). */
  limit: Int8Array;
  /** The backward cumulative split factor applied to this row (1 on and after the last event). */
  factor: Float64Array;
  /** TOPIX close aligned to each row's date (NaN where TOPIX has no value), so kernels never search. */
  mkt: Float64Array;
  /** Row of the RawBars this panel row came from, so checks and reports can name the source. */
  rawRow: Int32Array;
  /** Sector33 code as of each row's date, -1 for none (engine/master-asof.ts); set when the run has the listed master. */
  sector33?: Int32Array;
  /** Market segment (Mkt, e.g. 111 for Prime) as of each row's date, -1 for none; set with sector33. */
  market?: Int32Array;
  /** The event families' as-of join inputs (engine/events/join-events.ts); set when the run loaded event records. */
  events?: EventJoin;
};
