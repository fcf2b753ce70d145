/**
 * The online half of a materialization: the latest row per (view, Code) of a table's rows in a day range goes into
 * the online store, in one transaction. When it fails after the offline half was written, the error says what was
 * written, what failed, and the command that finishes the job (`gq store materialize --online-only`).
 */
import { resolve } from 'node:path';
import { parseDay } from '../engine/dates.ts';
import { GqError } from '../io/gq-error.ts';
import { CONFIG_NAME } from './config-location.ts';
import type { OnlineLocation } from './config.ts';
import { latestRows } from './latest-rows.ts';
import { openOnline } from './online.ts';
import type { StoreTable } from './table.ts';
import type { ViewDef } from './views.ts';

/** Writes the latest rows of `table` dated in [from, to] of each view; returns the rows written per view. */
export async function writeOnline(at: OnlineLocation, views: readonly ViewDef[], table: StoreTable, range: { from: number; to: number }): Promise<Record<string, number>> {
  const store = await openOnline(at);
  try {
    const meta = await store.meta();
    return await store.write(views.map((v) => {
      const storedNewest = meta[v.name]?.newestDay ? parseDay(meta[v.name]!.newestDay) : -Infinity;
      return { view: v, ...latestRows(table, v, range.from, range.to, storedNewest) };
    }));
  } finally {
    await store.close();
  }
}

/** What the offline half of a materialization wrote. */
export type OfflineWritten = { offline: string; rows: number; from: string; to: string; partitions: number; dataset: string; config: string };

/** The error of a materialization whose offline half was written and whose online half failed with `e`. */
export function onlineNotWritten(e: unknown, w: OfflineWritten): GqError {
  const cause = (e as Error).message.replace(/[.\s]+$/, '');
  const store = resolve(CONFIG_NAME) === w.config ? '' : ` --store ${shell(w.config)}`;
  return new GqError('OUTPUT_NOT_WRITABLE', `the offline store ${w.offline} was written (${w.rows} rows ${w.from}..${w.to} into ${w.partitions} partitions), `
    + `the online store was not: ${cause}. Once it answers, finish with gq store materialize --online-only --dataset ${shell(w.dataset)} --from ${w.from} --to ${w.to}${store}`);
}

/** A word as a POSIX shell reads it back (quoted only when it needs to be). */
function shell(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
