/** `gq store status`: the views, the partitions present, rows, the ranges materialized and the online store's freshness per view. */
import { formatSize } from '../io/file-size.ts';
import { GqError } from '../io/gq-error.ts';
import type { StoreConfig } from './config.ts';
import { readManifest } from './materialize.ts';
import type { Manifest } from './manifest.ts';
import { openOffline } from './offline-backend.ts';
import { openOnline, type OnlineViewMeta } from './online.ts';
import { formatClock } from './time.ts';

export type StoreStatus = {
  offline: { where: string; manifest: Manifest; rows: number; bytes: number; unlisted: string[] };
  online: { where: string; ok: boolean; error?: string; views: Record<string, OnlineViewMeta> };
};

/** Reads both stores' state; an online store that does not answer is reported, not thrown. */
export async function storeStatus(config: StoreConfig): Promise<StoreStatus> {
  const backend = await openOffline(config.offline);
  let offline: StoreStatus['offline'];
  try {
    const manifest = await readManifest(backend);
    const listed = new Set(manifest.partitions.map((p) => p.path));
    const unlisted = (await backend.list()).filter((f) => f.endsWith('.parquet') && !listed.has(f));
    offline = { where: backend.where, manifest, rows: manifest.partitions.reduce((n, p) => n + p.rows, 0), bytes: manifest.partitions.reduce((n, p) => n + p.bytes, 0), unlisted };
  } finally {
    await backend.close();
  }
  let online: StoreStatus['online'];
  try {
    const store = await openOnline(config.online, { create: false });
    try {
      online = { where: store.where, ok: true, views: await store.meta() };
    } finally {
      await store.close();
    }
  } catch (e) {
    // A SQLite store not made yet is empty, not broken (and a status never makes it).
    if (e instanceof GqError && e.code === 'NO_DATA') online = { where: `sqlite:${(config.online as { path: string }).path}`, ok: true, views: {} };
    else online = { where: config.raw.online, ok: false, error: (e as Error).message, views: {} };
  }
  return { offline, online };
}

/** The status as text lines. */
export function statusLines(s: StoreStatus): string[] {
  const m = s.offline.manifest;
  const lines = [`offline  ${s.offline.where}: ${m.partitions.length} partitions, ${s.offline.rows} rows, ${formatSize(s.offline.bytes)}`];
  if (m.partitions.length > 0) lines.push(`  partitions ${m.partitions[0]!.path.replace(/\/part-0\.parquet$/, '')} .. ${m.partitions.at(-1)!.path.replace(/\/part-0\.parquet$/, '')}`);
  const last = m.materialized.at(-1);
  if (last !== undefined) lines.push(`  last materialized ${last.from}..${last.to} (${last.rows} rows, at ${last.at})`);
  if (s.offline.unlisted.length > 0) lines.push(`  ${s.offline.unlisted.length} partition files not in the manifest (left by an interrupted run; the next materialize replaces them)`);
  const empty = s.online.ok && Object.keys(s.online.views).length === 0;
  lines.push(`online   ${s.online.where}: ${empty ? 'nothing materialized yet' : s.online.ok ? 'ok' : `unavailable (${s.online.error})`}`);
  lines.push('views');
  for (const v of m.views) {
    const o = s.online.views[v.name];
    const fresh = o === undefined ? 'not online' : `online ${o.rows} codes, newest ${o.newestDay}, written ${o.materializedAt}`;
    lines.push(`  ${v.name.padEnd(15)} ${String(v.features.length).padStart(3)} features, available ${formatClock(v.availableAfter)} JST, ttl ${v.ttlDays} d; ${fresh}`);
  }
  return lines;
}
