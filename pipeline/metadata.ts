/** The metadata JSON written beside every dataset: what it holds, how it was made, and what the checks found. */
import { readFileSync } from 'node:fs';
import { formatDay } from '../engine/dates.ts';
import type { FeatureDef } from '../kernels/feature-def.ts';
import { familyCounts } from '../kernels/registry.ts';
import type { OutColumn } from '../io/columns.ts';

/** gq's version, from package.json. */
export function gqVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export type MetadataInput = {
  rows: number;
  /** The dataset's columns (of the last batch: names and types are the same in every batch). */
  columns: OutColumn[];
  /** Nulls per float column over every batch. */
  nullCounts: Map<string, number>;
  batches: number;
  /** The universe of the per-date families (families.md §6.3), when the dataset has any. */
  universe?: Record<string, unknown>;
  /** The options that rebuild this run (for `--dataset ... --update`). */
  runOptions: unknown;
  plan: readonly FeatureDef[];
  codes: number;
  from: number;
  to: number;
  source: string;
  apiPlan?: string;
  argv: string[];
  inputs: { path: string; bytes: number; sha256: string }[];
  timings: Partial<Record<string, number>>;
  quality: unknown;
  assembly: unknown;
  requests: number;
  /** What --dividends applied, or null when dividend adjustment was off. */
  dividends: Record<string, unknown> | null;
  workers: number;
  float32: boolean;
  /** Where every code is computed from and how far the run loaded (split factors are anchored to the latter). */
  history: { origin: number; loadedFrom: number; loadedTo: number; warmupRows: number };
  files: { kind: string; path: string; bytes: number }[];
};

/** Null ratio of each float column over `rows` rows, 6 decimals. */
export function nullRatios(nullCounts: Map<string, number>, rows: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of nullCounts) out[name] = rows === 0 ? 0 : +(n / rows).toFixed(6);
  return out;
}

/** The metadata object (JSON-ready). */
export function buildMetadata(m: MetadataInput): Record<string, unknown> {
  return {
    created_at: new Date().toISOString(),
    gq_version: gqVersion(),
    shape: { rows: m.rows, columns: m.columns.length },
    codes: m.codes,
    date_range: { from: formatDay(m.from), to: formatDay(m.to) },
    columns: m.columns.map((c) => ({ name: c.name, type: c.kind })),
    feature_counts: familyCounts(m.plan),
    ...(m.universe === undefined ? {} : { universe: m.universe }),
    features: m.plan.map((f) => ({ name: f.name, family: f.family, window: f.window, first_valid_row: f.firstValid, definition: f.doc })),
    targets: m.plan.filter((f) => f.family === 'targets').map((f) => f.name),
    source: m.source,
    plan: m.apiPlan ?? null,
    command_line: m.argv.join(' '),
    run_options: m.runOptions,
    input_hashes: m.inputs,
    requests: m.requests,
    workers: m.workers,
    float32: m.float32,
    history: {
      origin: formatDay(m.history.origin),
      loaded: { from: formatDay(m.history.loadedFrom), to: formatDay(m.history.loadedTo) },
      warmup_rows: m.history.warmupRows,
      note: 'every code is computed from its first bar on or after the origin; the first warmup_rows rows of a code have null windowed features',
    },
    adjustments: {
      splits: 'backward from AdjFactor (prices x F, volume / F, turnover unadjusted)',
      adjusted_as_of: formatDay(m.history.loadedTo),
      dividends: m.dividends ?? 'off',
    },
    quality: m.quality,
    assembly: m.assembly,
    null_ratio: nullRatios(m.nullCounts, m.rows),
    batches: m.batches,
    timings_s: Object.fromEntries(Object.entries(m.timings).map(([k, v]) => [k, +((v ?? 0) / 1000).toFixed(3)])),
    files: m.files,
  };
}
