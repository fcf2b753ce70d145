/**
 * The online store: the latest row per (view, Code) as one packed Float64 vector, in SQLite or Redis behind one
 * interface. A read of any number of codes and views is one round trip (one statement, one pipeline).
 */
import { existsSync } from 'node:fs';
import { GqError } from '../io/gq-error.ts';
import type { OnlineLocation } from './config.ts';
import type { PackedView } from './packed-view.ts';
import type { ViewDef } from './views.ts';

/** Rows of one view to upsert: `values` holds codes.length vectors of view.features.length values (NaN = null). */
export type OnlineRows = { codes: string[]; days: Int32Array; values: Float64Array };

/** Codes whose latest row (of Date `days[i]`) is past the TTL: removed unless the store holds a newer row. */
export type Stale = { codes: string[]; days: number[] };

/** What the online store knows of a view. */
export type OnlineViewMeta = {
  features: string[];
  availableAfter: number;
  ttlDays: number;
  /** When it was last written (ISO). */
  materializedAt: string;
  /** The packed view's version (changes with every rewrite, even within a millisecond). */
  version: string;
  /** The newest Date among its rows (ISO). */
  newestDay: string;
  rows: number;
};

/** A view read for some codes: `days[i]` is -1 where code i has no row; values as in OnlineRows. `version` is set
 * when the read came from the packed view, and changes whenever the view is rewritten. */
export type OnlineRead = { days: Int32Array; values: Float64Array; width: number; version?: string };

/** The whole online store as read at one version (a server keeps it until the version changes). */
export type OnlineSnapshot = { version: string; meta: Record<string, OnlineViewMeta>; packed: Map<string, PackedView> };

/** One view's part of a materialization. */
export type ViewWrite = { view: ViewDef; rows: OnlineRows; stale: Stale };

export type OnlineStore = {
  readonly where: string;
  /**
   * One materialization, in one transaction (SQLite) or one pipeline (Redis): upserts each view's rows (a row
   * replaces a stored one only when it is not older), removes `stale` codes (unless the stored row is newer),
   * repacks the view and records its meta. Returns the rows written per view.
   */
  write(batch: readonly ViewWrite[]): Promise<Record<string, number>>;
  /** The stored rows of `codes` for each view, in one round trip. */
  read(views: readonly string[], codes: readonly string[]): Promise<Map<string, OnlineRead>>;
  /** Every view's meta. */
  meta(): Promise<Record<string, OnlineViewMeta>>;
  /** A text that changes whenever the store is written (by any process); cheap: SQLite's data_version, one Redis GET. */
  version(): Promise<string>;
  /** Every view whole (packed) and its meta, at least as new as `version`. */
  snapshot(): Promise<OnlineSnapshot>;
  /** Whether the store answers (Redis: connected). */
  health(): Promise<{ ok: boolean; error?: string }>;
  close(): Promise<void>;
};

/** Options of openOnline. */
export type OnlineOptions = {
  /** Keep reconnecting (a server) instead of failing the first command (the CLI). */
  reconnect?: boolean;
  /** Make a missing SQLite file (default true, for writes); false for reads, which never create files. */
  create?: boolean;
};

/** Opens the online store of a location. */
export async function openOnline(loc: OnlineLocation, o: OnlineOptions = {}): Promise<OnlineStore> {
  if (loc.kind === 'sqlite' && o.create === false && !existsSync(loc.path)) throw notMaterialized(`sqlite:${loc.path}`, ' (no such file)');
  if (loc.kind === 'sqlite') return (await import('./online-sqlite.ts')).openSqlite(loc.path);
  return (await import('./online-redis.ts')).openRedis(loc, o.reconnect ?? false);
}

/** The error of a read from an online store that holds nothing yet: what to run first. */
export function notMaterialized(where: string, why = ''): GqError {
  return new GqError('NO_DATA', `nothing is materialized in the online store ${where} yet${why}: run gq store materialize (it takes the newest dataset gq run wrote to ./out), or gq run --push`);
}
