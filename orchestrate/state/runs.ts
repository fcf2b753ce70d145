/** Run records: one row per run (job, partitions, trigger, tags, status, times, counts, outputs, error) and its log lines. */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { inTransaction } from './db.ts';

export type RunStatus = 'queued' | 'running' | 'success' | 'failed' | 'canceled' | 'interrupted';
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'success', 'failed', 'canceled', 'interrupted'];
/** What asked for the run; `retry` and `resume` runs point at the run they repeat (parentId). */
export type Trigger = 'schedule' | 'sensor' | 'backfill' | 'manual' | 'retry' | 'resume';

export type OutputFile = { kind: string; path: string; bytes: number; sha256: string };

export type RunRecord = {
  id: number;
  job: string;
  partitions: string[];
  trigger: Trigger;
  triggerName: string | null;
  tags: Record<string, string>;
  /** Job parameters (a command job's `command`). */
  params: Record<string, unknown>;
  runKey: string | null;
  status: RunStatus;
  attempt: number;
  parentId: number | null;
  /** Not started before this instant (ms): retry backoff. */
  notBefore: number;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  rows: number | null;
  apiRequests: number | null;
  apiRetries: number | null;
  qualityErrorRatio: number | null;
  files: OutputFile[];
  error: string | null;
  note: string | null;
  owner: string | null;
};

export type NewRun = {
  job: string;
  partitions: readonly string[];
  trigger: Trigger;
  triggerName?: string;
  tags?: Record<string, string>;
  params?: Record<string, unknown>;
  /** Deduplicates: a second request with the same key is dropped. */
  runKey?: string;
  attempt?: number;
  parentId?: number;
  notBefore?: number;
};

export type RunOutcome = {
  status: 'success' | 'failed' | 'canceled';
  rows?: number;
  apiRequests?: number;
  apiRetries?: number;
  qualityErrorRatio?: number;
  files?: OutputFile[];
  error?: string;
  note?: string;
};

export type RunFilter = { status?: RunStatus; job?: string; limit?: number; beforeId?: number };

type Row = Record<string, SQLInputValue>;

function toRecord(r: Row): RunRecord {
  return {
    id: Number(r.id), job: String(r.job), partitions: JSON.parse(String(r.partitions)) as string[], trigger: r.trigger as Trigger,
    triggerName: r.trigger_name as string | null, tags: JSON.parse(String(r.tags)) as Record<string, string>,
    params: JSON.parse(String(r.params)) as Record<string, unknown>, runKey: r.run_key as string | null,
    status: r.status as RunStatus, attempt: Number(r.attempt), parentId: r.parent_id === null ? null : Number(r.parent_id), notBefore: Number(r.not_before),
    createdAt: Number(r.created_at), startedAt: r.started_at === null ? null : Number(r.started_at), endedAt: r.ended_at === null ? null : Number(r.ended_at),
    rows: r.rows === null ? null : Number(r.rows), apiRequests: r.api_requests === null ? null : Number(r.api_requests),
    apiRetries: r.api_retries === null ? null : Number(r.api_retries), qualityErrorRatio: r.quality_error_ratio === null ? null : Number(r.quality_error_ratio),
    files: r.files === null ? [] : JSON.parse(String(r.files)) as OutputFile[], error: r.error as string | null, note: r.note as string | null, owner: r.owner as string | null,
  };
}

export type RunStore = ReturnType<typeof runStoreOf>;

/** The run records of a state database. */
export function runStoreOf(db: DatabaseSync) {
  const insert = db.prepare(`INSERT INTO runs (job, partitions, trigger, trigger_name, tags, params, run_key, status, attempt, parent_id, not_before, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?) ON CONFLICT(run_key) DO NOTHING RETURNING *`);
  const byId = db.prepare('SELECT * FROM runs WHERE id = ?');
  const claim = db.prepare(`UPDATE runs SET status = 'running', started_at = ?, owner = ? WHERE id = ? AND status = 'queued'`);
  const finish = db.prepare(`UPDATE runs SET status = ?, ended_at = ?, rows = ?, api_requests = ?, api_retries = ?, quality_error_ratio = ?, files = ?, error = ?, note = ?
    WHERE id = ? AND status = 'running'`);
  const queued = db.prepare(`SELECT * FROM runs WHERE status = 'queued' ORDER BY id`);
  const running = db.prepare(`SELECT * FROM runs WHERE status = 'running' ORDER BY id`);
  const cancelQueued = db.prepare(`UPDATE runs SET status = 'canceled', ended_at = ?, error = ? WHERE id = ? AND status = 'queued'`);
  const interrupt = db.prepare(`UPDATE runs SET status = 'interrupted', ended_at = ?, error = ? WHERE id = ? AND status = 'running'`);
  const logMax = db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM run_logs WHERE run_id = ?');
  const logInsert = db.prepare('INSERT INTO run_logs (run_id, seq, at, line) VALUES (?, ?, ?, ?)');
  const logAll = db.prepare('SELECT at, line FROM run_logs WHERE run_id = ? ORDER BY seq');
  const counts = db.prepare('SELECT job, status, COUNT(*) AS n FROM runs GROUP BY job, status');
  const span = db.prepare('SELECT MIN(id) AS first, MAX(id) AS last, COUNT(*) AS n FROM runs');
  const lastOfJob = db.prepare(`SELECT * FROM runs WHERE job = ? AND status IN ('success', 'failed', 'canceled', 'interrupted') ORDER BY id DESC LIMIT 1`);
  const finishedAfter = db.prepare(`SELECT * FROM runs WHERE id > ? AND status IN ('success', 'failed') ORDER BY id LIMIT 500`);
  const seq = new Map<number, number>();

  return {
    /** Queues a run; null when its run key was already requested. */
    request(r: NewRun, now: number): RunRecord | null {
      const row = insert.get(r.job, JSON.stringify(r.partitions), r.trigger, r.triggerName ?? null, JSON.stringify(r.tags ?? {}), JSON.stringify(r.params ?? {}), r.runKey ?? null,
        r.attempt ?? 1, r.parentId ?? null, r.notBefore ?? 0, now) as Row | undefined;
      return row === undefined ? null : toRecord(row);
    },
    /** Queues several runs in one transaction (a backfill); returns those not already requested. */
    requestMany(rs: readonly NewRun[], now: number): RunRecord[] {
      return inTransaction(db, () => rs.map((r) => this.request(r, now)).filter((x): x is RunRecord => x !== null));
    },
    get(id: number): RunRecord | undefined {
      const row = byId.get(id) as Row | undefined;
      return row === undefined ? undefined : toRecord(row);
    },
    /** Marks a queued run running; false when another executor took it first. */
    claim(id: number, owner: string, now: number): boolean {
      return Number(claim.run(now, owner, id).changes) === 1;
    },
    finish(id: number, o: RunOutcome, now: number): void {
      finish.run(o.status, now, o.rows ?? null, o.apiRequests ?? null, o.apiRetries ?? null, o.qualityErrorRatio ?? null,
        JSON.stringify(o.files ?? []), o.error ?? null, o.note ?? null, id);
    },
    queued: (): RunRecord[] => (queued.all() as Row[]).map(toRecord),
    running: (): RunRecord[] => (running.all() as Row[]).map(toRecord),
    /** Cancels a queued run; false when it was not queued. */
    cancelQueued(id: number, now: number, why: string): boolean {
      return Number(cancelQueued.run(now, why, id).changes) === 1;
    },
    /** Marks a running run interrupted (its daemon stopped or died). */
    interrupt(id: number, now: number, why: string): boolean {
      return Number(interrupt.run(now, why, id).changes) === 1;
    },
    /** Newest first, filtered. */
    list(f: RunFilter = {}): RunRecord[] {
      const where: string[] = [];
      const args: SQLInputValue[] = [];
      if (f.status !== undefined) { where.push('status = ?'); args.push(f.status); }
      if (f.job !== undefined) { where.push('job = ?'); args.push(f.job); }
      if (f.beforeId !== undefined) { where.push('id < ?'); args.push(f.beforeId); }
      const sql = `SELECT * FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      return (db.prepare(sql).all(...args, f.limit ?? 50) as Row[]).map(toRecord);
    },
    /** The last finished run of a job. */
    lastFinished(job: string): RunRecord | undefined {
      const row = lastOfJob.get(job) as Row | undefined;
      return row === undefined ? undefined : toRecord(row);
    },
    /** Succeeded or failed runs with an id above `afterId`, oldest first (the quality sensor's feed). */
    finishedAfter: (afterId: number): RunRecord[] => (finishedAfter.all(afterId) as Row[]).map(toRecord),
    log(id: number, line: string, at: number): void {
      let n = seq.get(id);
      if (n === undefined) n = Number((logMax.get(id) as { n: number }).n);
      seq.set(id, ++n);
      logInsert.run(id, n, at, line);
    },
    logs: (id: number): { at: number; line: string }[] => logAll.all(id) as { at: number; line: string }[],
    /** The lowest and highest run id and how many runs there are (first and last null when there are none). */
    idSpan(): { first: number | null; last: number | null; count: number } {
      const r = span.get() as { first: number | null; last: number | null; n: number };
      return { first: r.first === null ? null : Number(r.first), last: r.last === null ? null : Number(r.last), count: Number(r.n) };
    },
    /** Run counts by job and status. */
    counts: (): { job: string; status: RunStatus; n: number }[] => counts.all() as { job: string; status: RunStatus; n: number }[],
  };
}
