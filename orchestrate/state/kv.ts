/** Small named values in the state: sensor cursors, schedules' last ticks, the daemon's heartbeat. */
import type { DatabaseSync } from 'node:sqlite';

export type Kv = {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown, at: number): void;
  delete(key: string): void;
  /** Every key starting with `prefix`, with its value. */
  list<T>(prefix: string): { key: string; value: T; updatedAt: number }[];
};

/** The key-value table of a state database. */
export function kvOf(db: DatabaseSync): Kv {
  const get = db.prepare('SELECT value FROM kv WHERE key = ?');
  const set = db.prepare('INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
  const del = db.prepare('DELETE FROM kv WHERE key = ?');
  const list = db.prepare('SELECT key, value, updated_at FROM kv WHERE key >= ? AND key < ? ORDER BY key');
  return {
    get<T>(key: string): T | undefined {
      const row = get.get(key) as { value: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.value) as T);
    },
    set(key, value, at) {
      set.run(key, JSON.stringify(value), at);
    },
    delete(key) {
      del.run(key);
    },
    list<T>(prefix: string) {
      const rows = list.all(prefix, `${prefix}\uffff`) as { key: string; value: string; updated_at: number }[];
      return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as T, updatedAt: r.updated_at }));
    },
  };
}
