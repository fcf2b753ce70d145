/** Asset materializations: the last run that built each (asset, partition), or the note of why it was skipped. */
import type { DatabaseSync } from 'node:sqlite';

export type Materialization = { asset: string; partition: string; runId: number | null; at: number; rows: number | null; status: 'materialized' | 'skipped'; note: string | null };

export type MaterializationStore = ReturnType<typeof materializationStoreOf>;

/** The materializations table of a state database. */
export function materializationStoreOf(db: DatabaseSync) {
  const put = db.prepare(`INSERT INTO materializations (asset, partition, run_id, at, rows, status, note) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(asset, partition) DO UPDATE SET run_id = excluded.run_id, at = excluded.at, rows = excluded.rows, status = excluded.status, note = excluded.note`);
  const latest = db.prepare(`SELECT * FROM materializations WHERE asset = ? AND status = 'materialized' ORDER BY partition DESC LIMIT 1`);
  const lastSkip = db.prepare(`SELECT * FROM materializations WHERE asset = ? AND status = 'skipped' ORDER BY at DESC LIMIT 1`);
  const has = db.prepare(`SELECT 1 FROM materializations WHERE asset = ? AND partition = ? AND status = 'materialized'`);
  const range = db.prepare(`SELECT * FROM materializations WHERE asset = ? AND partition >= ? AND partition <= ? ORDER BY partition`);
  const conv = (r: Record<string, unknown> | undefined): Materialization | undefined => r === undefined ? undefined : {
    asset: String(r.asset), partition: String(r.partition), runId: r.run_id === null ? null : Number(r.run_id), at: Number(r.at),
    rows: r.rows === null ? null : Number(r.rows), status: r.status as Materialization['status'], note: r.note as string | null,
  };
  return {
    record(m: Materialization): void {
      put.run(m.asset, m.partition, m.runId, m.at, m.rows, m.status, m.note);
    },
    /** The newest materialized partition of an asset. */
    latest: (asset: string): Materialization | undefined => conv(latest.get(asset) as Record<string, unknown> | undefined),
    lastSkipped: (asset: string): Materialization | undefined => conv(lastSkip.get(asset) as Record<string, unknown> | undefined),
    isMaterialized: (asset: string, partition: string): boolean => has.get(asset, partition) !== undefined,
    inRange: (asset: string, from: string, to: string): Materialization[] => (range.all(asset, from, to) as Record<string, unknown>[]).map((r) => conv(r)!),
  };
}
