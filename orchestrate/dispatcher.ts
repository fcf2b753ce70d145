/**
 * Starts queued runs on the executor: high priority first, then oldest; at most `concurrency` at once; never two
 * runs of one job at the same time; nothing that calls the API while the budget is paused after a 429. A finished run
 * updates its record, the asset materializations and the metrics; a failed one is re-queued with exponential backoff
 * until the retry count is spent, unless its failure is permanent (no rows to write, a bad option:
 * jobs/permanent-failure.ts), which no retry can cure. On start, runs left `running` by a daemon that died are marked
 * interrupted and re-queued once (run key `resume:<id>`).
 */
import type { DaemonConfig } from './config.ts';
import type { Executor, Launched } from './executor.ts';
import type { JobResult, JobSpec } from './jobs/job-spec.ts';
import type { Metrics } from './metrics.ts';
import type { RunRecord } from './state/runs.ts';
import type { State } from './state/state.ts';

/** The note of a failed run that is not retried. */
const NOT_RETRIED = 'not retried: the same inputs fail the same way';

/** Jobs whose runs may call the J-Quants API, held back during a 429 pause (train builds the whole dataset, fetching what is not cached). */
const API_JOBS = new Set(['dataset', 'train']);

export type DispatcherOptions = {
  state: State;
  executor: Executor;
  config: Pick<DaemonConfig, 'concurrency' | 'retries' | 'output' | 'pipeline' | 'trainCommand' | 'trainDataset'>;
  cwd: string;
  owner: string;
  metrics?: Metrics;
  /** The environment a run gets (its API budget URL). */
  envFor(run: RunRecord): Record<string, string>;
  /** Counted API requests of a run so far. */
  apiCounts?(run: RunRecord): { requests: number; retries: number };
  apiPaused(): boolean;
  now(): number;
  log(line: string): void;
  /** Called whenever a run finishes (wakes the daemon's loop). */
  onFinish?(run: RunRecord): void;
};

export type Dispatcher = {
  /** Re-queues what a dead daemon left running or interrupted. */
  recover(): RunRecord[];
  /** Starts what may start now. */
  dispatch(): RunRecord[];
  /** Cancels a queued or running run; false when it is neither. */
  cancel(id: number): boolean;
  /** Runs in flight. */
  active(): number[];
  /** Resolves when no run is in flight. */
  idle(): Promise<void>;
  /** Stops every run in flight and records it interrupted. */
  interruptAll(why: string): Promise<void>;
  /** Earliest not-before of a queued run in the future (retry backoff), or Infinity. */
  nextWake(): number;
};

/** The priority order: `priority=high` first, then by id. */
function byPriority(a: RunRecord, b: RunRecord): number {
  const pa = a.tags.priority === 'high' ? 0 : 1;
  const pb = b.tags.priority === 'high' ? 0 : 1;
  return pa - pb || a.id - b.id;
}

/** A dispatcher over the state's run queue. */
export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const inFlight = new Map<number, { run: RunRecord; launched: Launched; done: Promise<void> }>();
  const interrupted = new Set<number>();

  const finish = (run: RunRecord, given: JobResult): void => {
    const now = o.now();
    if (interrupted.has(run.id)) return;
    // A failure no retry can cure is recorded with the reason and left for the user (or a sensor, once data arrives).
    const r = given.status === 'failed' && given.permanent === true ? { ...given, note: given.note ?? NOT_RETRIED } : given;
    const api = o.apiCounts?.(run) ?? { requests: 0, retries: 0 };
    o.state.runs.finish(run.id, { ...r, apiRequests: r.apiRequests ?? api.requests, apiRetries: r.apiRetries ?? api.retries }, now);
    for (const m of r.materializations) {
      o.state.materializations.record({ asset: m.asset, partition: m.partition, runId: run.id, at: now, rows: m.rows, status: m.status, note: m.note });
    }
    const secs = (now - (run.startedAt ?? now)) / 1000;
    o.metrics?.runsTotal.inc({ run_job: run.job, status: r.status });
    o.metrics?.runDuration.observe({ run_job: run.job, status: r.status }, Math.max(0, secs));
    if (r.rows !== undefined && run.job === 'dataset') o.metrics?.rowsWritten.inc({ asset: 'dataset' }, r.rows);
    if (r.qualityErrorRatio !== undefined && run.job === 'dataset') o.metrics?.qualityErrorRatio.set({ asset: 'dataset' }, r.qualityErrorRatio);
    o.state.runs.log(run.id, `${r.status}${r.error ? `: ${r.error}` : ''}${r.note ? ` (${r.note})` : ''} after ${secs.toFixed(1)} s`, now);
    o.log(`run ${run.id} ${run.job} [${run.partitions.join(', ')}] ${r.status}${r.error ? `: ${r.error}` : ''}`);
    if (r.status === 'failed' && r.permanent === true) o.log(`run ${run.id} failed permanently: ${NOT_RETRIED}`);
    else if (r.status === 'failed' && run.attempt <= o.config.retries.count) {
      const delay = Math.min(o.config.retries.maxBackoffSeconds, o.config.retries.backoffSeconds * 2 ** (run.attempt - 1)) * 1000;
      const retry = o.state.runs.request({
        job: run.job, partitions: run.partitions, trigger: 'retry', triggerName: run.triggerName ?? undefined, tags: run.tags, params: run.params,
        attempt: run.attempt + 1, parentId: run.id, notBefore: now + delay, runKey: `retry:${run.id}`,
      }, now);
      if (retry !== null) {
        o.metrics?.retries.inc({ run_job: run.job, reason: 'failed' });
        o.log(`run ${run.id} failed (attempt ${run.attempt}): retry run ${retry.id} in ${(delay / 1000).toFixed(0)} s`);
      }
    }
  };

  const start = (run: RunRecord): void => {
    const spec: JobSpec = {
      runId: run.id, job: run.job, partitions: run.partitions, tags: run.tags, params: run.params, output: o.config.output,
      pipeline: o.config.pipeline, trainCommand: o.config.trainCommand, trainDataset: o.config.trainDataset, cwd: o.cwd,
    };
    o.state.runs.log(run.id, `started (attempt ${run.attempt}, trigger ${run.trigger}${run.triggerName ? ` ${run.triggerName}` : ''})`, o.now());
    const launched = o.executor.launch(spec, o.envFor(run), (line) => o.state.runs.log(run.id, line, o.now()));
    const started = o.state.runs.get(run.id)!;
    const done = launched.done.then((r) => {
      finish(started, r);
      inFlight.delete(run.id);
      o.onFinish?.(started);
    });
    inFlight.set(run.id, { run: started, launched, done });
  };

  return {
    recover() {
      const now = o.now();
      for (const r of o.state.runs.running()) {
        if (inFlight.has(r.id)) continue;
        o.state.runs.interrupt(r.id, now, `its daemon (${r.owner ?? '?'}) stopped while it ran`);
        o.state.runs.log(r.id, 'interrupted: the daemon stopped while it ran', now);
      }
      const resumed: RunRecord[] = [];
      for (const r of o.state.runs.list({ status: 'interrupted', limit: 1000 })) {
        const again = o.state.runs.request({
          job: r.job, partitions: r.partitions, trigger: 'resume', triggerName: r.triggerName ?? undefined, tags: r.tags, params: r.params,
          attempt: r.attempt, parentId: r.id, runKey: `resume:${r.id}`,
        }, now);
        if (again !== null) {
          resumed.push(again);
          o.metrics?.retries.inc({ run_job: r.job, reason: 'interrupted' });
          o.log(`run ${r.id} was interrupted: re-run as run ${again.id}`);
        }
      }
      return resumed;
    },
    dispatch() {
      const now = o.now();
      const started: RunRecord[] = [];
      const queued = o.state.runs.queued().filter((r) => r.notBefore <= now).sort(byPriority);
      for (const run of queued) {
        if (inFlight.size >= (o.executor.capacity ?? o.config.concurrency)) break;
        if ([...inFlight.values()].some((f) => f.run.job === run.job && (o.executor.capacity === undefined || f.run.partitions.some((p) => run.partitions.includes(p))))) continue;
        if (API_JOBS.has(run.job) && o.apiPaused()) continue;
        if (!o.state.runs.claim(run.id, o.owner, now)) continue;
        start(run);
        started.push(run);
      }
      return started;
    },
    cancel(id) {
      const now = o.now();
      if (o.state.runs.cancelQueued(id, now, 'canceled')) return true;
      const f = inFlight.get(id);
      if (f === undefined) return false;
      o.state.runs.log(id, 'cancel requested', now);
      f.launched.cancel();
      return true;
    },
    active: () => [...inFlight.keys()],
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight.values()].map((f) => f.done));
    },
    async interruptAll(why) {
      const now = o.now();
      for (const [id, f] of inFlight) {
        interrupted.add(id);
        o.state.runs.interrupt(id, now, why);
        o.state.runs.log(id, `interrupted: ${why}`, now);
        f.launched.cancel();
      }
      await o.executor.close();
      // An executor that ignores cancel must not hold the stop forever: wait 10 s at most.
      const limit = new Promise<void>((r) => setTimeout(r, 10_000).unref());
      await Promise.race([Promise.all([...inFlight.values()].map((f) => f.done)), limit]);
    },
    nextWake() {
      const now = o.now();
      let best = Number.POSITIVE_INFINITY;
      for (const r of o.state.runs.queued()) if (r.notBefore > now && r.notBefore < best) best = r.notBefore;
      return best;
    },
  };
}

