/** Messages between the pool and its workers. */

/** What every worker receives once, at start: views over the shared buffers. */
export type WorkerData = {
  plan: string[];
  codes: string[];
  offsets: Int32Array;
  inputs: { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array; turnover: Float64Array; mkt: Float64Array };
  /** Output slots, each the columns of at most one batch of rows (row `base` of the panel is index 0). Two slots let
   * one batch be written while the next is computed. */
  outputs: Record<string, Float64Array>[];
};

/** A task: the codes [codeLo, codeHi) of one shard, inside a batch that starts at panel row `base`, into output `slot`. */
export type ShardTask = { codeLo: number; codeHi: number; base: number; slot: number };

/** A task's answer: rows computed and milliseconds spent. */
export type ShardResult = { rows: number; ms: number };
