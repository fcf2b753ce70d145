/**
 * The online store in SQLite (node:sqlite, WAL): one row per (view, code) holding the day and the packed Float64
 * vector; one transaction per materialization; reads of many codes go through one statement over json_each.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { formatDay } from '../engine/dates.ts';
import type { OnlineRead, OnlineRows, OnlineStore, OnlineViewMeta, Stale } from './online.ts';
import type { ViewDef } from './views.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS online (view TEXT NOT NULL, code TEXT NOT NULL, day INTEGER NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (view, code)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS views (view TEXT PRIMARY KEY, meta TEXT NOT NULL);
`;

/** Opens (creating) the SQLite online store at `path`. */
export function openSqlite(path: string): OnlineStore {
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  db.exec(SCHEMA);
  const upsert = db.prepare('INSERT INTO online (view, code, day, vec) VALUES (?, ?, ?, ?) ON CONFLICT (view, code) DO UPDATE SET day = excluded.day, vec = excluded.vec WHERE excluded.day >= online.day');
  const del = db.prepare('DELETE FROM online WHERE view = ? AND code = ? AND day <= ?');
  const setMeta = db.prepare('INSERT INTO views (view, meta) VALUES (?, ?) ON CONFLICT (view) DO UPDATE SET meta = excluded.meta');
  const stats = db.prepare('SELECT count(*) AS n, max(day) AS newest FROM online WHERE view = ?');
  const getMeta = db.prepare('SELECT view, meta FROM views');
  const readMany = db.prepare('SELECT o.view AS view, o.code AS code, o.day AS day, o.vec AS vec FROM json_each(?) AS v JOIN json_each(?) AS c JOIN online AS o ON o.view = v.value AND o.code = c.value');
  const readOne = db.prepare('SELECT view, code, day, vec FROM online WHERE code = ?');
  return {
    where: `sqlite:${path}`,
    async write(view: ViewDef, rows: OnlineRows, stale: Stale): Promise<number> {
      const w = view.features.length;
      let n = 0;
      db.exec('BEGIN IMMEDIATE');
      try {
        for (let i = 0; i < rows.codes.length; i++) {
          const vec = new Uint8Array(rows.values.buffer, rows.values.byteOffset + i * w * 8, w * 8);
          n += Number(upsert.run(view.name, rows.codes[i]!, rows.days[i]!, vec).changes);
        }
        for (let i = 0; i < stale.codes.length; i++) del.run(view.name, stale.codes[i]!, stale.days[i]!);
        const s = stats.get(view.name) as { n: number; newest: number | null };
        const meta: OnlineViewMeta = {
          features: view.features, availableAfter: view.availableAfter, ttlDays: view.ttlDays,
          materializedAt: new Date().toISOString(), newestDay: s.newest === null ? '' : formatDay(s.newest), rows: s.n,
        };
        setMeta.run(view.name, JSON.stringify(meta));
        db.exec('COMMIT');
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      }
      return n;
    },
    async read(views, codes) {
      const widths = await widthsOf(getMeta);
      const out = new Map<string, OnlineRead>();
      const index = new Map(codes.map((c, i) => [c, i]));
      for (const v of views) {
        const width = widths.get(v) ?? 0;
        out.set(v, { days: new Int32Array(codes.length).fill(-1), values: new Float64Array(codes.length * width).fill(Number.NaN), width });
      }
      const rows = (codes.length === 1 ? readOne.all(codes[0]!) : readMany.all(JSON.stringify(views), JSON.stringify(codes))) as { view: string; code: string; day: number; vec: Uint8Array }[];
      for (const r of rows) {
        const o = out.get(r.view);
        const i = index.get(r.code);
        if (o === undefined || i === undefined) continue;
        o.days[i] = r.day;
        const src = new Float64Array(r.vec.buffer.slice(r.vec.byteOffset, r.vec.byteOffset + r.vec.byteLength));
        o.values.set(src.subarray(0, o.width), i * o.width);
      }
      return out;
    },
    meta: async () => metaOf(getMeta),
    health: async () => ({ ok: true }),
    close: async () => db.close(),
  };
}

function metaOf(getMeta: { all(): unknown[] }): Record<string, OnlineViewMeta> {
  const out: Record<string, OnlineViewMeta> = {};
  for (const r of getMeta.all() as { view: string; meta: string }[]) out[r.view] = JSON.parse(r.meta) as OnlineViewMeta;
  return out;
}

async function widthsOf(getMeta: { all(): unknown[] }): Promise<Map<string, number>> {
  return new Map(Object.entries(metaOf(getMeta)).map(([v, m]) => [v, m.features.length]));
}
