/** The operations the HTTP JSON API exposes, as plain functions over the daemon's parts (documented in docs/scheduling.md). */
import { formatDay } from '../engine/dates.ts';
import { isBusinessDay, nextBusinessDay } from '../engine/calendar/tse-calendar.ts';
import { assetsStatus, type AssetStatus } from './assets-status.ts';
import { backfillProgress, requestBackfill } from './backfill.ts';
import type { Dispatcher } from './dispatcher.ts';
import { JOBS } from './jobs/job-spec.ts';
import { formatJst, jstDay } from './jst.ts';
import type { Metrics } from './metrics.ts';
import type { Scheduler } from './scheduler.ts';
import type { Sensor } from './sensors/sensor.ts';
import type { RunFilter, RunRecord } from './state/runs.ts';
import type { Alert, State } from './state/state.ts';

export type RunView = RunRecord & { durationSeconds: number | null };

export type DaemonApi = {
  metricsText(): Promise<string>;
  metricsContentType: string;
  health(): { status: 'ok'; pid: number; startedAt: number; now: number; running: number[]; queued: number; apiPaused: boolean };
  runs(f: RunFilter): RunView[];
  run(id: number): (RunView & { log: { at: number; line: string }[] }) | undefined;
  cancel(id: number): { ok: boolean; id: number; status?: string; error?: string };
  rerun(id: number): RunView | undefined;
  submit(body: Record<string, unknown>): RunView | { error: string };
  assets(): AssetStatus[];
  schedules(): { name: string; cron: string; days: string; job: string; overlap: string; enabled: boolean; idle: string | null; nextTick: number | null; nextTickJst: string | null;
    nextTickIsBusinessDay: boolean | null; nextBusinessDay: string; lastTick: number | null; lastResult: string | null; lastRunId: number | null }[];
  sensors(): { name: string; cursor: unknown; lastTick: number | null; nextWake: number }[];
  alerts(): Alert[];
  backfills(): { id: number; asset: string; from: string; to: string; partitions: number; done: number; failed: number; running: number; queued: number }[];
  backfill(body: Record<string, unknown>): { id: number; resumed: boolean; requested: number; partitions: number } | { error: string };
};

export type ApiParts = {
  state: State;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  sensors: Sensor[];
  metrics: Metrics;
  now(): number;
  startedAt: number;
  apiPaused(): boolean;
  /** Wakes the daemon's loop (a new run to start). */
  wake(): void;
};

/** A run with its duration. */
export function runView(r: RunRecord): RunView {
  return { ...r, durationSeconds: r.startedAt === null ? null : ((r.endedAt ?? Date.now()) - r.startedAt) / 1000 };
}

/** The API over the daemon's parts. */
export function daemonApi(p: ApiParts): DaemonApi {
  return {
    metricsText: () => p.metrics.registry.metrics(),
    metricsContentType: p.metrics.registry.contentType,
    health: () => ({ status: 'ok', pid: process.pid, startedAt: p.startedAt, now: p.now(), running: p.dispatcher.active(), queued: p.state.runs.queued().length, apiPaused: p.apiPaused() }),
    runs: (f) => p.state.runs.list(f).map(runView),
    run(id) {
      const r = p.state.runs.get(id);
      return r === undefined ? undefined : { ...runView(r), log: p.state.runs.logs(id) };
    },
    cancel(id) {
      const ok = p.dispatcher.cancel(id);
      const r = p.state.runs.get(id);
      if (r === undefined) return { ok: false, id, error: `no run ${id}` };
      return ok ? { ok, id, status: p.state.runs.get(id)?.status } : { ok, id, status: r.status, error: `run ${id} is ${r.status}: only queued or running runs can be canceled` };
    },
    rerun(id) {
      const r = p.state.runs.get(id);
      if (r === undefined) return undefined;
      const again = p.state.runs.request({ job: r.job, partitions: r.partitions, trigger: 'manual', triggerName: `rerun of ${id}`, tags: r.tags, params: r.params, parentId: id }, p.now())!;
      p.wake();
      return runView(again);
    },
    submit(b) {
      const job = String(b.job ?? '');
      if (!(JOBS as readonly string[]).includes(job)) return { error: `job must be one of ${JOBS.join(', ')}` };
      const partitions = Array.isArray(b.partitions) ? b.partitions.map(String) : [];
      if (partitions.some((x) => !/^\d{4}-\d{2}-\d{2}$/.test(x))) return { error: 'partitions must be YYYY-MM-DD days' };
      const tags = typeof b.tags === 'object' && b.tags !== null ? Object.fromEntries(Object.entries(b.tags).map(([k, v]) => [k, String(v)])) : {};
      const r = p.state.runs.request({ job, partitions, trigger: 'manual', tags, params: typeof b.params === 'object' && b.params !== null ? b.params as Record<string, unknown> : {} }, p.now())!;
      p.wake();
      return runView(r);
    },
    assets: () => assetsStatus(p.state, p.now()),
    schedules() {
      const now = p.now();
      return p.scheduler.status(now).map((s) => ({
        name: s.schedule.name, cron: s.schedule.cron, days: s.schedule.days, job: s.schedule.job, overlap: s.schedule.overlap, enabled: s.schedule.enabled, idle: s.idle,
        nextTick: s.next, nextTickJst: s.next === null ? null : formatJst(s.next), nextTickIsBusinessDay: s.next === null ? null : isBusinessDay(jstDay(s.next)),
        nextBusinessDay: formatDay(nextBusinessDay(jstDay(now))),
        lastTick: s.last?.lastTick ?? null, lastResult: s.last?.result ?? null, lastRunId: s.last?.runId ?? null,
      }));
    },
    sensors() {
      const now = p.now();
      return p.sensors.map((s) => {
        const kv = p.state.kv.get<{ lastPoll?: number }>(`sensor/${s.name}`);
        return { name: s.name, cursor: kv ?? null, lastTick: kv?.lastPoll ?? null, nextWake: s.nextWake(now) };
      });
    },
    alerts: () => p.state.alerts(),
    backfills() {
      return p.state.backfills().map((b) => {
        const parts = backfillProgress(p.state, b);
        const n = (s: string): number => parts.filter((x) => x.status === s).length;
        return { ...b, done: n('success'), failed: n('failed'), running: n('running'), queued: n('queued') };
      });
    },
    backfill(b) {
      try {
        const r = requestBackfill(p.state, String(b.asset ?? 'dataset'), String(b.from ?? ''), String(b.to ?? ''), p.now());
        p.wake();
        return { id: r.backfill.id, resumed: r.resumed, requested: r.requested.length, partitions: r.partitions.length };
      } catch (e) {
        return { error: (e as Error).message };
      }
    },
  };
}
