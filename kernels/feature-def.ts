/** The shape of a feature in the registry, and the per-code context its compute function receives. */

export type Family = 'returns' | 'volatility' | 'technical' | 'volume' | 'topix' | 'microstructure' | 'targets'
  | 'a158' | 'sector' | 'cross_section' | 'target_rank' | 'flows' | 'margin' | 'dmi' | 'statements';

/** Per-row input columns every kernel may read (split-adjusted; `mkt` is TOPIX close aligned to each row's date). */
export type InputName = 'open' | 'high' | 'low' | 'close' | 'volume' | 'turnover' | 'mkt';

/**
 * What a compute function sees for one code: rows [s, s + len) of every column.
 * `col` holds the inputs and the features computed so far (indexed by panel row); `tmp` are scratch columns
 * indexed 0 .. len-1, and `deque` an Int32 scratch, both owned by the worker and at least as long as any code.
 */
export type Segment = {
  s: number;
  len: number;
  col: Record<string, Float64Array>;
  tmp: Float64Array[];
  deque: Int32Array;
};

export type FeatureDef = {
  name: string;
  family: Family;
  /** Inputs and earlier features it reads; the registry checks they come first. */
  inputs: readonly string[];
  /** Rows a window covers (1 for a pointwise feature; the horizon for a target). */
  window: number;
  /** 0-based row within a code where the feature can first be non-null (for targets: rows before the end that are null). */
  firstValid: number;
  /** Output type: Float64 (null = NaN), or a flag copied from the panel. */
  kind: 'f64' | 'i8';
  /** One line: the definition, as in features.md. */
  doc: string;
  /** Writes out[s .. s+len) for one code (per-code pass only). */
  compute: (g: Segment, out: Float64Array) => void;
  /**
   * Which pass computes it: 'code' (default; windows over a code's rows), 'date' (across the codes of each date) or
   * 'event' (an as-of join of event records, engine/events/event-shard.ts, after the shard's per-code features).
   */
  pass?: 'code' | 'date' | 'event';
  /** Per-date pass: writes out at the rows of dates [dLo, dHi). */
  computeDates?: (g: DateSegment, out: Float64Array) => void;
  /**
   * Per-date pass, for a date feature that is a function of a few numbers per date and the row's own first input
   * (cs_z_*, cs_breadth_*): computeDates writes `size` numbers per date, out[d * size ..] for the segment's date d,
   * instead of row values, and `rows` gives rows [0, n) their values from them (row i is on date day[i], x its input),
   * so the pass keeps no whole-panel column for it (engine/date-pass.ts).
   */
  perDate?: { size: number; rows: (summary: Float64Array, day: Int32Array, x: Float64Array, n: number, out: Float64Array) => void };
};

/**
 * What a per-date compute function sees: dates [dLo, dHi) of the date-major index, whose rows index whole-panel
 * columns. `col` holds the inputs and the per-code features the date kernels read, plus the outputs; `traded` and
 * `sector` (S33 as an integer as of the row's date, -1 for none) are per row; `scratch` is at least as long as the
 * largest date.
 */
export type DateSegment = {
  dLo: number;
  dHi: number;
  /** Date d owns rows[offsets[d] .. offsets[d+1]). */
  offsets: Int32Array;
  rows: Int32Array;
  col: Record<string, Float64Array>;
  traded: Uint8Array;
  sector: Int32Array;
  scratch: Float64Array[];
  iscratch: Int32Array;
};

/** Number of scratch columns a worker gives each segment. */
export const SCRATCH_COLUMNS = 4;
