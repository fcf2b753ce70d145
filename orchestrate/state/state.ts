/** The state database with its tables opened together. */
import type { DatabaseSync } from 'node:sqlite';
import { openStateDb } from './db.ts';
import { kvOf, type Kv } from './kv.ts';
import { materializationStoreOf, type MaterializationStore } from './materializations.ts';
import { runStoreOf, type RunStore } from './runs.ts';

export type Alert = { id: number; at: number; kind: string; runId: number | null; message: string };
export type Backfill = { id: number; asset: string; from: string; to: string; partitions: number; createdAt: number };

export type State = {
  db: DatabaseSync;
  path: string;
  runs: RunStore;
  materializations: MaterializationStore;
  kv: Kv;
  addAlert(a: Omit<Alert, 'id'>): Alert;
  alerts(limit?: number): Alert[];
  addBackfill(b: Omit<Backfill, 'id'>): Backfill;
  backfills(): Backfill[];
  close(): void;
};

/** Opens the state at `path` (created when absent). */
export function openState(path: string): State {
  const db = openStateDb(path);
  const addAlert = db.prepare('INSERT INTO alerts (at, kind, run_id, message) VALUES (?, ?, ?, ?) RETURNING id');
  const alerts = db.prepare('SELECT id, at, kind, run_id AS runId, message FROM alerts ORDER BY id DESC LIMIT ?');
  const addBackfill = db.prepare('INSERT INTO backfills (asset, from_day, to_day, partitions, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id');
  const backfills = db.prepare('SELECT id, asset, from_day AS "from", to_day AS "to", partitions, created_at AS createdAt FROM backfills ORDER BY id DESC');
  let closed = false;
  return {
    db, path, runs: runStoreOf(db), materializations: materializationStoreOf(db), kv: kvOf(db),
    addAlert(a) {
      const { id } = addAlert.get(a.at, a.kind, a.runId, a.message) as { id: number };
      return { id: Number(id), ...a };
    },
    alerts: (limit = 50) => alerts.all(limit) as Alert[],
    addBackfill(b) {
      const { id } = addBackfill.get(b.asset, b.from, b.to, b.partitions, b.createdAt) as { id: number };
      return { id: Number(id), ...b };
    },
    backfills: () => backfills.all() as Backfill[],
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
