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
  columns: OutColumn[];
  plan: readonly FeatureDef[];
  codes: number;
  from: number;
  to: number;
  source: string;
  apiPlan?: string;
  argv: string[];
  inputs: { path: string; bytes: number; sha256: string }[];
  timings: Record<string, number>;
  quality: unknown;
  assembly: unknown;
  requests: number;
  workers: number;
  float32: boolean;
  warmupDays: number;
  files: { kind: string; path: string; bytes: number }[];
};

/** Null ratio of each float column (NaN = null), for the quality section. */
export function nullRatios(columns: OutColumn[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of columns) {
    if (c.kind !== 'f64' && c.kind !== 'f32') continue;
    let nulls = 0;
    const v = c.values;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) nulls++;
    out[c.name] = v.length === 0 ? 0 : +(nulls / v.length).toFixed(6);
  }
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
    features: m.plan.map((f) => ({ name: f.name, family: f.family, window: f.window, first_valid_row: f.firstValid, definition: f.doc })),
    targets: m.plan.filter((f) => f.family === 'targets').map((f) => f.name),
    source: m.source,
    plan: m.apiPlan ?? null,
    command_line: m.argv.join(' '),
    input_hashes: m.inputs,
    requests: m.requests,
    workers: m.workers,
    float32: m.float32,
    warmup_business_days: m.warmupDays,
    adjustments: { splits: 'backward from AdjFactor (prices x F, volume / F, turnover unadjusted)', dividends: 'off' },
    quality: m.quality,
    assembly: m.assembly,
    null_ratio: nullRatios(m.columns),
    timings_s: Object.fromEntries(Object.entries(m.timings).map(([k, v]) => [k, +(v / 1000).toFixed(3)])),
    files: m.files,
  };
}
