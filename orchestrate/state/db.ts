/**
 * The daemon's state in embedded SQLite (node:sqlite): run records and their logs (Dagster's event log), asset
 * materializations, sensor cursors and schedule ticks, backfills and alerts. WAL mode with synchronous=FULL: a kill -9
 * at any moment leaves the last committed transaction and never a corrupt file.
 */
import { existsSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { makeStateFolder, stateRefused } from './state-folder.ts';

export const DEFAULT_STATE_PATH = '.gq/state.db';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  job TEXT NOT NULL,
  partitions TEXT NOT NULL,
  trigger TEXT NOT NULL,
  trigger_name TEXT,
  tags TEXT NOT NULL DEFAULT '{}',
  params TEXT NOT NULL DEFAULT '{}',
  run_key TEXT UNIQUE,
  status TEXT NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 1,
  parent_id INTEGER,
  not_before INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER,
  rows INTEGER,
  api_requests INTEGER,
  api_retries INTEGER,
  quality_error_ratio REAL,
  files TEXT,
  error TEXT,
  note TEXT,
  owner TEXT
);
CREATE INDEX IF NOT EXISTS runs_status ON runs(status, id);
CREATE INDEX IF NOT EXISTS runs_job ON runs(job, id);
CREATE TABLE IF NOT EXISTS run_logs (run_id INTEGER NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, line TEXT NOT NULL, PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS materializations (asset TEXT NOT NULL, partition TEXT NOT NULL, run_id INTEGER, at INTEGER NOT NULL, rows INTEGER, status TEXT NOT NULL, note TEXT, PRIMARY KEY (asset, partition)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS backfills (id INTEGER PRIMARY KEY, asset TEXT NOT NULL, from_day TEXT NOT NULL, to_day TEXT NOT NULL, partitions INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, run_id INTEGER, message TEXT NOT NULL);
`;

/** Opens (creating when absent) the state database at `path`; `:memory:` for a throwaway one. */
export function openStateDb(path: string): DatabaseSync {
  if (path !== ':memory:') {
    makeStateFolder(path);
    if (existsSync(path) && statSync(path).isDirectory()) throw stateRefused(path, 'is a folder, not a file');
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = OFF;');
    db.exec(SCHEMA);
    return db;
  } catch (e) {
    db?.close();
    throw stateRefused(path, `cannot be opened as a gq state (${(e as Error).message})`);
  }
}

/** Runs `fn` in one transaction (BEGIN IMMEDIATE, so concurrent writers queue instead of failing mid-way). */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const out = fn();
    db.exec('COMMIT');
    return out;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
