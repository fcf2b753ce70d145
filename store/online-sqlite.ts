/**
 * The online store in SQLite (node:sqlite, WAL): one row per (view, code) holding the day and the packed Float64
 * vector, plus each view packed whole (packed-view.ts) for reads of many codes; one transaction per
 * materialization, which merges into the packed view in memory (merge-view.ts) and writes only the changed rows.
 * A read of a few codes is one statement over the primary key. `version` is PRAGMA data_version (changed by another
 * connection's commit) with this connection's own write count.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { formatDay } from '../engine/dates.ts';
import { mergeView, newVersion } from './merge-view.ts';
import type { OnlineRead, OnlineStore, OnlineViewMeta, ViewWrite } from './online.ts';
import { PACKED_READ_CODES, packView, unpackView, type PackedView } from './packed-view.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS online (view TEXT NOT NULL, code TEXT NOT NULL, day INTEGER NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (view, code)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS views (view TEXT PRIMARY KEY, meta TEXT NOT NULL, packed BLOB);
`;

/** Opens (creating) the SQLite online store at `path`. */
export function openSqlite(path: string): OnlineStore {
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  db.exec(SCHEMA);
  // Stores made before the packed views existed get the column (it is filled by the next materialization).
  if (!(db.prepare('PRAGMA table_info(views)').all() as { name: string }[]).some((c) => c.name === 'packed')) db.exec('ALTER TABLE views ADD COLUMN packed BLOB');
  const put = db.prepare('INSERT OR REPLACE INTO online (view, code, day, vec) VALUES (?, ?, ?, ?)');
  const del = db.prepare('DELETE FROM online WHERE view = ? AND code = ?');
  const packedOf = db.prepare('SELECT packed FROM views WHERE view = ?');
  const countOf = db.prepare('SELECT count(*) AS n FROM online WHERE view = ?');
  const rowCount = (view: string): number => Number((countOf.get(view) as { n: number | bigint }).n);
  const setView = db.prepare('INSERT INTO views (view, meta, packed) VALUES (?, ?, ?) ON CONFLICT (view) DO UPDATE SET meta = excluded.meta, packed = excluded.packed');
  const allOfView = db.prepare('SELECT code, day, vec FROM online WHERE view = ? ORDER BY code');
  allOfView.setReturnArrays(true);
  const getMeta = db.prepare('SELECT view, meta FROM views');
  const getPacked = db.prepare('SELECT view, packed FROM views WHERE view IN (SELECT value FROM json_each(?))');
  const readFew = db.prepare('SELECT view, code, day, vec FROM online WHERE view IN (SELECT value FROM json_each(?)) AND code IN (SELECT value FROM json_each(?))');
  readFew.setReturnArrays(true);
  const dataVersion = db.prepare('PRAGMA data_version');
  // What was read of the views, kept until another connection (or this one) writes: PRAGMA data_version and a local count.
  let cache: { version: string; meta: Record<string, OnlineViewMeta>; packed: Map<string, PackedView> } | undefined;
  let writes = 0;
  const versionNow = (): string => `${(dataVersion.get() as { data_version: number }).data_version}/${writes}`;
  const current = (): NonNullable<typeof cache> => {
    const version = versionNow();
    if (cache?.version !== version) {
      const meta: Record<string, OnlineViewMeta> = {};
      for (const r of getMeta.all() as { view: string; meta: string }[]) meta[r.view] = JSON.parse(r.meta) as OnlineViewMeta;
      cache = { version, meta, packed: new Map() };
    }
    return cache;
  };
  return {
    where: `sqlite:${path}`,
    async write(batch: readonly ViewWrite[]): Promise<Record<string, number>> {
      const written: Record<string, number> = {};
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const { view, rows, stale } of batch) {
          const w = view.features.length;
          // The view as stored (packed; rebuilt from its rows in a store written before the packed views existed).
          const blob = (packedOf.get(view.name) as { packed: Uint8Array | null } | undefined)?.packed ?? null;
          const old = blob !== null ? unpackView(blob) : rowCount(view.name) > 0 ? packAll(allOfView.all(view.name) as unknown as [string, number, Uint8Array][], w) : undefined;
          const m = mergeView(old, rows, stale, w);
          for (const i of m.written) put.run(view.name, rows.codes[i]!, rows.days[i]!, new Uint8Array(rows.values.buffer, rows.values.byteOffset + i * w * 8, w * 8));
          for (const code of m.removed) del.run(view.name, code);
          const meta: OnlineViewMeta = {
            features: view.features, availableAfter: view.availableAfter, ttlDays: view.ttlDays,
            materializedAt: m.packed.version.slice(0, 24), version: m.packed.version, newestDay: newest(m.packed.days), rows: m.packed.codes.length,
          };
          setView.run(view.name, JSON.stringify(meta), packView(m.packed));
          written[view.name] = m.written.length;
        }
        db.exec('COMMIT');
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      } finally {
        writes++;
      }
      return written;
    },
    async read(views, codes) {
      const c = current();
      const out = new Map<string, OnlineRead>();
      const index = new Map(codes.map((code, i) => [code, i]));
      for (const v of views) {
        const width = c.meta[v]?.features.length ?? 0;
        out.set(v, { days: new Int32Array(codes.length).fill(-1), values: new Float64Array(codes.length * width).fill(Number.NaN), width });
      }
      if (codes.length >= PACKED_READ_CODES) {
        const missing = views.filter((v) => !c.packed.has(v));
        if (missing.length > 0) for (const r of getPacked.all(JSON.stringify(missing)) as { view: string; packed: Uint8Array | null }[]) if (r.packed !== null) c.packed.set(r.view, unpackView(r.packed));
        for (const v of views) {
          const p = c.packed.get(v);
          const o = out.get(v)!;
          if (p === undefined) continue;
          o.version = p.version;
          for (let k = 0; k < p.codes.length; k++) {
            const i = index.get(p.codes[k]!);
            if (i === undefined) continue;
            o.days[i] = p.days[k]!;
            o.values.set(p.values.subarray(k * p.width, k * p.width + o.width), i * o.width);
          }
        }
        return out;
      }
      for (const [view, code, day, vec] of readFew.all(JSON.stringify(views), JSON.stringify(codes)) as unknown as [string, string, number, Uint8Array][]) {
        const o = out.get(view);
        const i = index.get(code);
        if (o === undefined || i === undefined) continue;
        o.days[i] = day;
        const src = vec.byteOffset % 8 === 0 ? new Float64Array(vec.buffer, vec.byteOffset, vec.byteLength / 8) : new Float64Array(vec.slice().buffer);
        o.values.set(src.subarray(0, o.width), i * o.width);
      }
      return out;
    },
    meta: async () => current().meta,
    version: async () => versionNow(),
    async snapshot() {
      // Labelled with the version seen before reading: the data is at least that new (a newer one is re-read next time).
      const c = current();
      const views = Object.keys(c.meta);
      const missing = views.filter((v) => !c.packed.has(v));
      if (missing.length > 0) for (const r of getPacked.all(JSON.stringify(missing)) as { view: string; packed: Uint8Array | null }[]) c.packed.set(r.view, r.packed !== null ? unpackView(r.packed) : packAll(allOfView.all(r.view) as unknown as [string, number, Uint8Array][], c.meta[r.view]!.features.length));
      return { version: c.version, meta: c.meta, packed: new Map(views.map((v) => [v, c.packed.get(v)!])) };
    },
    health: async () => ({ ok: true }),
    close: async () => db.close(),
  };
}

/** The view's rows (code order) packed, versioned by the time of writing. */
function packAll(rows: [string, number, Uint8Array][], width: number): PackedView {
  const n = rows.length;
  const days = new Int32Array(n);
  const values = new Float64Array(n * width);
  rows.forEach(([, day, vec], k) => {
    days[k] = day;
    values.set(new Float64Array(vec.slice().buffer, 0, width), k * width);
  });
  return { codes: rows.map((r) => r[0]), days, values, width, version: newVersion() };
}

/** The newest day (ISO), '' when there is none. */
export function newest(days: Int32Array): string {
  let m = -Infinity;
  for (const d of days) if (d > m) m = d;
  return Number.isFinite(m) ? formatDay(m) : '';
}
