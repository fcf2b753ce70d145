/**
 * The daemon's executor in queue mode: a run becomes a BullMQ job (`gq:runs`) that any `gq worker` takes. The daemon
 * follows it through the queue's events: the worker that took it (recorded as the run's owner), its log lines, its
 * API requests by endpoint and status (for the daemon's /metrics), its result; a reconcile pass every few seconds reads the job's state too, so a missed event never leaves a run hanging.
 * Cancel removes a job still waiting, or tells the worker running it (a pub/sub message) to stop it.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Executor, Launched } from '../executor.ts';
import type { JobResult, JobSpec } from '../jobs/job-spec.ts';
import { CANCEL_CHANNEL, PREFIX, RUNS_QUEUE, type RedisOptions } from './connection.ts';
import { runJobId, type BudgetSpec, type RunJobData, type RunJobResult, type RunProgress } from './job-data.ts';

export type QueueExecutorOptions = {
  redis: RedisOptions;
  stateId: string;
  budget: BudgetSpec;
  /** Attempts of a job whose worker process failed (not a run that reported failure), with exponential backoff. */
  attempts: number;
  backoffMs: number;
  /** A worker took the run (attempt n). */
  onWorker(runId: number, worker: string): void;
  /** A worker reported `n` API requests of a run to `endpoint` answered `status`. */
  onApi?(endpoint: string, status: string, n: number): void;
  log(line: string): void;
};

export type QueueExecutor = Executor & {
  capacity: number;
  ready: Promise<void>;
  /** Drops the connections at once (Redis never answered). */
  disconnect(): void;
  /** Removes or stops the queue jobs of runs a previous daemon of this state left behind (they are re-run). */
  abandon(runIds: readonly number[]): Promise<void>;
};

type Pending = { runId: number; resolve(r: JobResult): void; log(line: string): void; canceled: boolean; added: boolean };

/** A logger that drops a line already logged within the last minute (a Redis that is down repeats itself). */
export function onceAMinute(log: (line: string) => void): (line: string) => void {
  const last = new Map<string, number>();
  return (line) => {
    const now = Date.now();
    if ((last.get(line) ?? 0) > now - 60_000) return;
    last.set(line, now);
    log(line);
  };
}

const failed = (error: string): JobResult => ({ status: 'failed', error, materializations: [] });

/** The executor over the runs queue. */
export function queueExecutor(o: QueueExecutorOptions): QueueExecutor {
  const queue = new Queue<RunJobData, RunJobResult>(RUNS_QUEUE, { connection: o.redis, prefix: PREFIX });
  const events = new QueueEvents(RUNS_QUEUE, { connection: o.redis, prefix: PREFIX });
  const publisher = new Redis(o.redis);
  publisher.on('error', () => {});
  const logError = onceAMinute(o.log);
  queue.on('error', (e) => logError(`queue: ${e.message}`));
  events.on('error', (e) => logError(`queue events: ${e.message}`));
  const pending = new Map<string, Pending>();
  let closed = false;

  const settle = (jobId: string, r: JobResult): void => {
    const p = pending.get(jobId);
    if (p === undefined) return;
    pending.delete(jobId);
    p.resolve(p.canceled && r.status !== 'success' ? { ...r, status: 'canceled', error: r.error ?? 'canceled' } : r);
  };
  const fromReturn = (v: unknown): JobResult => {
    const r = (typeof v === 'string' ? JSON.parse(v) : v) as RunJobResult;
    const { worker: _w, ...result } = r;
    return result;
  };
  /** Settles a job from its stored state when it has finished (missed events, daemon restarts). */
  const reconcile = async (jobId: string): Promise<void> => {
    const job = await Job.fromId<RunJobData, RunJobResult>(queue, jobId);
    if (job === undefined) return settle(jobId, pending.get(jobId)?.canceled ? { status: 'canceled', error: 'canceled', materializations: [] } : failed('its queue job is gone'));
    const state = await job.getState();
    if (state === 'completed') settle(jobId, fromReturn(job.returnvalue));
    else if (state === 'failed') settle(jobId, failed(`worker: ${job.failedReason}`));
  };

  events.on('progress', ({ jobId, data }) => {
    const p = pending.get(jobId);
    if (p === undefined || typeof data !== 'object' || data === null) return;
    const m = data as RunProgress;
    if ('worker' in m) {
      o.onWorker(p.runId, m.worker);
      p.log(`worker ${m.worker} took it (attempt ${m.attempt})`);
    } else if ('line' in m) p.log(m.line);
    else if ('api' in m && Array.isArray(m.api)) for (const [endpoint, status, n] of m.api) o.onApi?.(String(endpoint), String(status), Number(n) || 0);
  });
  events.on('completed', ({ jobId, returnvalue }) => { if (pending.has(jobId)) settle(jobId, fromReturn(returnvalue)); });
  events.on('failed', ({ jobId, failedReason }) => {
    const p = pending.get(jobId);
    if (p === undefined) return;
    p.log(`worker attempt failed: ${failedReason}`);
    void reconcile(jobId).catch(() => {});
  });
  events.on('stalled', ({ jobId }) => pending.get(jobId)?.log('its worker went silent: the job goes back to the queue for another worker'));
  // Only jobs already in Redis: a job whose add is still under way (a loaded machine) is not "gone".
  const timer = setInterval(() => { for (const [id, p] of pending) if (p.added) void reconcile(id).catch(() => {}); }, 3_000);
  timer.unref();

  return {
    capacity: 10_000,
    ready: Promise.all([queue.waitUntilReady(), events.waitUntilReady()]).then(() => undefined),
    launch(spec: JobSpec, _env, log): Launched {
      // _env is the embedded budget's URL on this machine: a worker uses its own relay on the shared budget instead.
      const jobId = runJobId(o.stateId, spec.runId);
      let resolve!: (r: JobResult) => void;
      const done = new Promise<JobResult>((r) => { resolve = r; });
      const entry: Pending = { runId: spec.runId, resolve, log, canceled: false, added: false };
      pending.set(jobId, entry);
      queue.add('run', { stateId: o.stateId, spec, budget: o.budget }, {
        jobId, attempts: o.attempts, backoff: { type: 'exponential', delay: o.backoffMs },
        removeOnComplete: { age: 7 * 86_400, count: 10_000 }, removeOnFail: { age: 30 * 86_400 },
      }).then(() => {
        entry.added = true;
        log(`queued as BullMQ job ${jobId}: waiting for a worker`);
      }, (e: Error) => settle(jobId, failed(`could not queue the run: ${e.message}`)));
      return {
        done,
        cancel() {
          entry.canceled = true;
          void (async () => {
            const job = await Job.fromId(queue, jobId);
            const state = job === undefined ? 'missing' : await job.getState();
            if (job !== undefined && (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children')) {
              await job.remove();
              settle(jobId, { status: 'canceled', error: 'canceled before a worker took it', materializations: [] });
            } else {
              await publisher.publish(CANCEL_CHANNEL, jobId);
            }
          })().catch((e: unknown) => log(`cancel: ${(e as Error).message}`));
        },
      };
    },
    disconnect() {
      closed = true;
      clearInterval(timer);
      void queue.disconnect().catch(() => {});
      void events.disconnect().catch(() => {});
      publisher.disconnect();
    },
    async abandon(runIds) {
      for (const id of runIds) {
        const jobId = runJobId(o.stateId, id);
        const job = await Job.fromId(queue, jobId);
        if (job === undefined) continue;
        const state = await job.getState();
        if (state === 'active') await publisher.publish(CANCEL_CHANNEL, jobId);
        else if (state !== 'completed' && state !== 'failed') await job.remove();
        o.log(`run ${id}: its queue job ${jobId} (${state}) was left by a previous daemon: ${state === 'active' ? 'stopped' : 'removed'}`);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      for (const [jobId, p] of pending) {
        p.canceled = true;
        const job = await Job.fromId(queue, jobId).catch(() => undefined);
        if (job !== undefined && (await job.getState()) !== 'active') await job.remove().catch(() => {});
        else await publisher.publish(CANCEL_CHANNEL, jobId).catch(() => 0);
        settle(jobId, { status: 'canceled', error: 'the daemon stopped', materializations: [] });
      }
      await Promise.allSettled([events.close(), queue.close(), publisher.quit()]);
    },
  };
}
