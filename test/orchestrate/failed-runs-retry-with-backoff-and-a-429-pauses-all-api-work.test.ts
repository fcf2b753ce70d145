import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { startApiBudget } from '../../orchestrate/api-budget.ts';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon } from '../../orchestrate/daemon.ts';
import type { Executor } from '../../orchestrate/executor.ts';
import type { JobResult } from '../../orchestrate/jobs/job-spec.ts';
import { simClock } from '../../orchestrate/sim-clock.ts';
import { createDispatcher } from '../../orchestrate/dispatcher.ts';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

const NO_SCHEDULES = [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false }];

/** An executor whose n-th launch gets the n-th scripted result (then success), after `ms` of the clock. */
function scripted(clock: ReturnType<typeof simClock>, results: JobResult['status'][], ms = 1_000): { executor: Executor; starts: number[] } {
  const starts: number[] = [];
  return {
    starts,
    executor: {
      launch() {
        const n = starts.push(clock.now()) - 1;
        const status = results[n] ?? 'success';
        const ctl = new AbortController();
        const done = clock.sleep(ms, ctl.signal).then((): JobResult => (ctl.signal.aborted ? { status: 'canceled', materializations: [] }
          : { status, error: status === 'failed' ? `planted failure ${n + 1}` : undefined, materializations: [] }));
        return { done, cancel: () => ctl.abort() };
      },
      async close() {},
    },
  };
}

describe('retries and interruptions', () => {
  it('re-queues a failed run with exponential backoff until the retry count is spent', async () => {
    const dir = tmpFolder('retry');
    const t0 = Date.parse('2026-02-02T10:00:00+09:00');
    const clock = simClock(t0);
    const ex = scripted(clock, ['failed', 'failed', 'failed', 'failed']);
    const d = await startDaemon({
      config: buildDaemonConfig({ state: join(dir, 'state.db'), retries: { count: 2, backoffSeconds: 60 }, schedules: NO_SCHEDULES }, null, dir),
      cwd: dir, clock, executor: ex.executor, port: null, env: {}, log: () => {}, maxSleepMs: 3_600_000,
    });
    d.state.runs.request({ job: 'noop', partitions: [], trigger: 'manual' }, clock.now());
    d.wake();
    await until(() => ex.starts.length === 1, 'the first attempt', 5_000);
    for (let i = 0; i < 40; i++) await clock.advance(10_000);
    const runs = d.state.runs.list({ limit: 10 }).reverse();
    const retries = await d.metrics.registry.getSingleMetricAsString('gq_run_retries_total');
    await d.stop(0);
    // By hand: attempt 1 at 0 s fails at 1 s; attempt 2 at 1 + 60 s; fails at 62 s; attempt 3 at 62 + 120 s; no fourth.
    expect(ex.starts.map((t) => (t - t0) / 1000)).toEqual([0, 61, 182]);
    expect(runs.map((r) => [r.attempt, r.trigger, r.status, r.parentId])).toEqual([[1, 'manual', 'failed', null], [2, 'retry', 'failed', 1], [3, 'retry', 'failed', 2]]);
    expect(retries).toMatch(/gq_run_retries_total\{run_job="noop",reason="failed"\} 2/);
  });

  it('on a graceful stop, a run that does not finish in the grace time is recorded interrupted and re-run at the next start', async () => {
    const dir = tmpFolder('grace');
    const clock = simClock(Date.parse('2026-02-02T10:00:00+09:00'));
    const ex = scripted(clock, [], 3_600_000);
    const config = buildDaemonConfig({ state: join(dir, 'state.db'), schedules: NO_SCHEDULES }, null, dir);
    let d = await startDaemon({ config, cwd: dir, clock, executor: ex.executor, port: null, env: {}, log: () => {} });
    d.state.runs.request({ job: 'noop', partitions: ['2026-01-30'], trigger: 'manual' }, clock.now());
    d.wake();
    await until(() => ex.starts.length === 1, 'the run to start', 5_000);
    await d.stop(10);
    d = await startDaemon({ config, cwd: dir, clock, executor: scripted(clock, [], 0).executor, port: null, env: {}, log: () => {} });
    await until(() => d.state.runs.get(2)?.status === 'success', 'the re-run', 5_000);
    const runs = d.state.runs.list({ limit: 10 }).reverse();
    await d.stop(0);
    expect(runs.map((r) => [r.id, r.trigger, r.status, r.parentId, r.partitions])).toEqual([[1, 'manual', 'interrupted', null, ['2026-01-30']], [2, 'resume', 'success', 1, ['2026-01-30']]]);
  });
});

describe('the dispatcher during an API pause', () => {
  it('holds runs that call the API and starts the others', async () => {
    const dir = tmpFolder('paused');
    const clock = simClock(Date.parse('2026-02-02T10:00:00+09:00'));
    const ex = scripted(clock, [], 60_000);
    const state = openState(join(dir, 'state.db'));
    let paused = true;
    const dispatcher = createDispatcher({
      state, executor: ex.executor, config: { concurrency: 2, retries: { count: 0, backoffSeconds: 1, maxBackoffSeconds: 1 }, output: dir, pipeline: {}, trainCommand: null, trainDataset: null },
      cwd: dir, owner: 'test', envFor: () => ({}), apiPaused: () => paused, now: () => clock.now(), log: () => {},
    });
    const api = state.runs.request({ job: 'dataset', partitions: ['2026-01-30'], trigger: 'manual' }, clock.now())!;
    const other = state.runs.request({ job: 'noop', partitions: [], trigger: 'manual' }, clock.now())!;
    expect(dispatcher.dispatch().map((r) => r.id)).toEqual([other.id]);
    paused = false;
    expect(dispatcher.dispatch().map((r) => r.id)).toEqual([api.id]);
    await dispatcher.interruptAll('test over');
    state.close();
  });
});

describe('the shared API budget after a 429', () => {
  let standin: Standin;
  const log: { at: number; status: string }[] = [];
  beforeAll(async () => {
    // The server allows 1 per second; the budget is set to 10 per second (a wrong plan), so the server answers 429.
    standin = await startStandin({ market: generateMarket({ codes: 4, days: 20 }), rateLimit: 1, rateWindowMs: 1000, lockoutMs: 0, onRequest: (at, _r, status) => log.push({ at, status }) });
  });
  afterAll(async () => standin.close());

  it('pauses every request for a window after the 429', async () => {
    const pauses: number[] = [];
    const budget = await startApiBudget({ upstream: standin.url, limit: 10, windowMs: 1000, lockoutMs: 5000, onPause: (ms) => pauses.push(ms) });
    try {
      // Warm the stand-in (its market is built on the first request), then let its window empty.
      await budget.get('/markets/calendar', { from: '2026-01-05', to: '2026-01-09' }, 'k', 'warm-up');
      await new Promise((r) => setTimeout(r, 1100));
      await Promise.all(Array.from({ length: 4 }, () => budget.get('/markets/calendar', { from: '2026-01-05', to: '2026-01-09' }, 'k', 'test')));
      expect(pauses.length).toBeGreaterThan(0);
      expect(budget.pausedUntil()).toBeGreaterThan(0);
      const first429 = log.find((e) => e.status === '429')!.at;
      await budget.get('/markets/calendar', { from: '2026-01-05', to: '2026-01-09' }, 'k', 'test');
      const after = log.filter((e) => e.at > first429);
      // Nothing reached the server in the window after the 429 (10 ms of timer slack).
      expect(after.length).toBeGreaterThan(0);
      expect(Math.min(...after.map((e) => e.at)) - first429).toBeGreaterThanOrEqual(990);
      expect(budget.counts('test').retries).toBeGreaterThan(0);
    } finally {
      await budget.close();
    }
  });
});

describe('an embedded daemon after a 429', () => {
  let standin: Standin;
  const log: { at: number; status: string }[] = [];
  beforeAll(async () => {
    // The server allows 1 request a second; the daemon's budget is set to 10 (a wrong plan), so a burst gets a 429.
    standin = await startStandin({ market: generateMarket({ codes: 4, days: 20 }), rateLimit: 1, rateWindowMs: 1000, lockoutMs: 0, onRequest: (at, _r, status) => log.push({ at, status }) });
  });
  afterAll(async () => standin.close());

  it('holds the requests of a running run and every API run until the pause ends, and starts the rest meanwhile', async () => {
    const dir = tmpFolder('paused-daemon');
    const starts = new Map<number, number>();
    const answered = new Map<number, number>();
    let openGate = (): void => {};
    const gate = new Promise<void>((r) => (openGate = r));
    // Every run but noop asks the API once through the daemon's relay (the URL the daemon hands it); train waits for the gate.
    const executor: Executor = {
      launch(spec, env) {
        starts.set(spec.runId, Date.now());
        const done = (async (): Promise<JobResult> => {
          if (spec.job === 'train') await gate;
          if (spec.job !== 'noop') {
            const r = await fetch(`${env.JQUANTS_API_BASE_URL}/markets/calendar?from=2026-01-05&to=2026-01-09`, { headers: { 'x-api-key': env.JQUANTS_API_KEY! } });
            await r.arrayBuffer();
            answered.set(spec.runId, Date.now());
          }
          return { status: 'success', materializations: [] };
        })();
        return { done, cancel() {} };
      },
      async close() {},
    };
    const d = await startDaemon({
      config: buildDaemonConfig({ state: join(dir, 'state.db'), concurrency: 3, api: { requestsPerWindow: 10, windowSeconds: 3 }, schedules: NO_SCHEDULES, sensors: { data_arrival: { enabled: false } } }, null, dir),
      cwd: dir, executor, port: 0, env: { JQUANTS_API_KEY: 'k', JQUANTS_API_BASE_URL: standin.url }, log: () => {},
    });
    try {
      // Warm the stand-in (its market is built on the first request) and let its window empty.
      await d.budget!.get('/markets/calendar', { from: '2026-01-05', to: '2026-01-09' }, 'k', 'warm-up');
      await new Promise((r) => setTimeout(r, 1100));
      const running = d.state.runs.request({ job: 'train', partitions: [], trigger: 'manual' }, Date.now())!;
      d.wake();
      await until(() => starts.has(running.id), 'the train run to start', 5_000);
      // The daemon's own burst (as a sensor's polls) gets a 429: one window (3 s) of pause for all API work.
      const burst = Promise.all(Array.from({ length: 3 }, () => d.budget!.get('/markets/calendar', { from: '2026-01-05', to: '2026-01-09' }, 'k', 'sensor-test')));
      await until(() => d.budget!.pausedUntil() > 0, 'the 429 pause', 5_000);
      const first429 = log.find((e) => e.status === '429')!.at;
      openGate();
      const held = d.state.runs.request({ job: 'dataset', partitions: ['2026-02-02'], trigger: 'manual' }, Date.now())!;
      const other = d.state.runs.request({ job: 'noop', partitions: [], trigger: 'manual' }, Date.now())!;
      d.wake();
      await until(() => d.state.runs.get(other.id)?.status === 'success', 'the noop run', 2_000);
      expect(d.state.runs.get(held.id)?.status).toBe('queued');
      expect(answered.has(running.id)).toBe(false);
      const health = await (await fetch(`${d.http!.url}/health`)).json() as { apiPaused: boolean };
      expect(health.apiPaused).toBe(true);
      expect(await d.metrics.registry.getSingleMetricAsString('gq_api_paused')).toMatch(/gq_api_paused 1/);
      await until(() => d.state.runs.get(held.id)?.status === 'success' && d.state.runs.get(running.id)?.status === 'success', 'both API runs after the pause', 20_000);
      await burst;
      // After the pause (10 ms of timer slack): the held run started, the running one got its answer; nothing reached the server in it.
      expect(starts.get(held.id)! - first429).toBeGreaterThanOrEqual(2_990);
      expect(answered.get(running.id)! - first429).toBeGreaterThanOrEqual(2_990);
      expect(starts.get(other.id)!).toBeLessThan(first429 + 2_990);
      expect(log.filter((e) => e.at > first429 && e.at < first429 + 2_990)).toEqual([]);
      expect(d.state.runs.get(held.id)!.apiRequests).toBe(1);
    } finally {
      await d.stop(0);
    }
  }, 60_000);
});
