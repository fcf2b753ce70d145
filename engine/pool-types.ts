/** Messages between the pool and its workers. */
import type { EventJoin } from './events/join-events.ts';

/** The panel as the workers see it: views over its shared buffers. */
export type PanelInputs = {
  /** Tells panels apart, so a worker rebuilds its views only when the panel changes. */
  id: number;
  codes: string[];
  offsets: Int32Array;
  inputs: { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array; turnover: Float64Array; mkt: Float64Array };
};

/** What every worker receives once, at start, before the panel may exist. */
export type WorkerData = {
  plan: string[];
  /** Output slots, each the columns of at most one batch of rows (row `base` of the panel is index 0). Two slots let
   * one batch be written while the next is computed. */
  outputs: Record<string, Float64Array>[];
  /** Shared counters: [0] the next output column to fault in, [1] the workers that volunteered to do it. */
  touched: Int32Array;
  /** How many workers fault the outputs in (the cores the main thread leaves free). */
  touchers: number;
};

/**
 * A task: the codes [codeLo, codeHi) of one shard, inside a batch that starts at panel row `base`, into output `slot`.
 * The panel comes with every task (views over shared memory: nothing is copied but the code names).
 */
export type ShardTask = {
  codeLo: number; codeHi: number; base: number; slot: number; panel: PanelInputs;
  /** The event families' join inputs (shared memory), when the plan has event columns and the run loaded records. */
  events?: EventJoin;
};

/** A task's answer: rows computed and milliseconds spent. */
export type ShardResult = { rows: number; ms: number };
