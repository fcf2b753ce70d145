/**
 * The offline store's manifest, `_manifest.json`, written last by every materialization (after all partition
 * files are in place): the store's columns and views, its partitions, and the ranges materialized. gq reads the
 * store through it; a partition file it does not list is ignored.
 */
import type { ViewDef } from './views.ts';

export type PartitionEntry = { month: number; path: string; rows: number; bytes: number; codes: number; from: string; to: string };

export type MaterializedRange = { from: string; to: string; rows: number; dataset: string; at: string };

export type Manifest = {
  version: 1;
  /** Feature columns of every partition file, in order (after Code and Date). */
  columns: string[];
  views: ViewDef[];
  partitions: PartitionEntry[];
  /** The latest ranges materialized, newest last (at most 50 kept). */
  materialized: MaterializedRange[];
};

export const MANIFEST_NAME = '_manifest.json';

/** An empty manifest. */
export function emptyManifest(): Manifest {
  return { version: 1, columns: [], views: [], partitions: [], materialized: [] };
}

/** Parses a manifest, or an error naming where it came from. */
export function parseManifest(text: string, where: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (e) {
    throw new Error(`offline store manifest ${where} is not valid JSON (${(e as Error).message})`);
  }
  if (m.version !== 1 || !Array.isArray(m.partitions) || !Array.isArray(m.columns)) throw new Error(`offline store manifest ${where} is not a gq manifest (version 1)`);
  return m;
}

/** The manifest's text (stable key order, so equal stores give equal bytes apart from `at`). */
export function manifestText(m: Manifest): string {
  return `${JSON.stringify(m, null, 1)}\n`;
}

/** The last day materialized (ISO), or undefined for an empty store. */
export function lastMaterializedDay(m: Manifest): string | undefined {
  let last: string | undefined;
  for (const r of m.materialized) if (last === undefined || r.to > last) last = r.to;
  return last;
}
