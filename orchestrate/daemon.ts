/**
 * `gq daemon`: one process with the scheduler, the sensors, the run dispatcher over an executor, the shared API budget
 * and the HTTP endpoint. Its loop sleeps until the next thing is due (a tick, a sensor poll, a retry's backoff, a run
 * finishing, an API request) on an injectable clock. Stop (SIGTERM/SIGINT): no new runs; running ones get `graceMs`
 * to finish, then are recorded as interrupted and re-run on the next start.
 */
import { hostname } from 'node:os';
import { normaliseBaseUrl, DEFAULT_BASE_URL } from '../io/jquants/config.ts';
import { readDotEnv } from '../io/jquants/dotenv.ts';
import { ASSET_NAMES } from './assets.ts';
import { assetsStatus } from './assets-status.ts';
import { startApiBudget, type ApiBudget } from './api-budget.ts';
import { realClock, type Clock } from './clock.ts';
import type { DaemonConfig } from './config.ts';
import { daemonApi, type DaemonApi } from './daemon-api.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import type { Executor } from './executor.ts';
import { startHttp, type HttpEndpoint } from './http-api.ts';
import { formatJst, jstInstant } from './jst.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { processExecutor } from './process-executor.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';
import { dataArrivalSensor } from './sensors/data-arrival.ts';
import { qualityAlertSensor } from './sensors/quality-alert.ts';
import type { Sensor } from './sensors/sensor.ts';
import { openState, type State } from './state/state.ts';
import { trainPlan } from './jobs/train-job.ts';
import { statusPage } from './web/status-page.ts';
import { parseDay } from '../engine/dates.ts';

export type DaemonOptions = {
  config: DaemonConfig;
  cwd: string;
  clock?: Clock;
  executor?: Executor;
  /** HTTP bind; port 0 = a free one; null = no HTTP endpoint. */
  host?: string;
  port?: number | null;
  env?: Readonly<Record<string, string | undefined>>;
  log?: (line: string) => void;
  /** Run the schedules and sensors (false: only the queue, e.g. a foreground backfill). */
  schedules?: boolean;
  sensors?: boolean;
  /** Redis URL: runs go to BullMQ workers (`gq worker`), schedules become BullMQ job schedulers (orchestrate/queue). */
  queue?: string;
  /** Longest sleep of the loop (the heartbeat). Default 5 s. */
  maxSleepMs?: number;
};

export type Daemon = {
  state: State;
  api: DaemonApi;
  http: HttpEndpoint | null;
  scheduler: Scheduler;
  dispatcher: Dispatcher;
  metrics: Metrics;
  budget: ApiBudget | null;
  /** Wakes the loop now. */
  wake(): void;
  /** Graceful stop; resolves when the state is closed. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the loop has ended. */
  stopped: Promise<void>;
};

/** Starts the daemon. */
export async function startDaemon(o: DaemonOptions): Promise<Daemon> {
  const clock = o.clock ?? realClock;
  const env = { ...readDotEnv(o.cwd), ...(o.env ?? process.env) };
  const log = o.log ?? ((line: string) => process.stderr.write(`[${formatJst(clock.now())}] ${line}\n`));
  const cfg = o.config;
  const state = openState(cfg.statePath);
  const metrics = createMetrics();
  const startedAt = clock.now();
  metrics.up.set(1);
  metrics.startTime.set(Math.floor(startedAt / 1000));

  // --queue: runs on BullMQ workers, schedules as BullMQ job schedulers, one API budget in Redis (orchestrate/queue).
  const queue = o.queue === undefined ? null : await (await import('./queue/queue-mode.ts')).startQueueMode({
    url: o.queue, state, config: cfg, schedules: o.schedules !== false, now: () => clock.now(), log, wake: () => wake(),
    onApiRequests: (endpoint, status, n) => metrics.apiRequests.inc({ endpoint, status }, n),
  });
  const apiKey = (env.JQUANTS_API_KEY ?? '').trim();
  let budget: ApiBudget | null = null;
  if (apiKey !== '') {
    budget = await startApiBudget({
      upstream: normaliseBaseUrl(env.JQUANTS_API_BASE_URL ?? DEFAULT_BASE_URL), limit: cfg.api.limit, windowMs: cfg.api.windowSeconds * 1000, lockoutMs: cfg.api.lockoutSeconds * 1000,
      onRequest: (endpoint, status) => { metrics.apiRequests.inc({ endpoint, status }); wake(); },
      onPause: (ms) => log(`API: a 429 answer: all API work paused for ${(ms / 1000).toFixed(0)} s`),
      pacer: queue?.pacer,
    });
  }
  const apiPaused = (): boolean => (budget !== null && budget.pausedUntil() > 0) || queue?.paused() === true;

  const sensorNext = new Map<string, number>();
  let wakeCtl = new AbortController();
  // A wake that comes while a pass is running must not be lost: the next sleep is skipped.
  let wakePending = false;
  const wake = (): void => {
    wakePending = true;
    wakeCtl.abort();
  };
  const owner = `${hostname()}:${process.pid}`;
  const dispatcher = createDispatcher({
    state, executor: o.executor ?? queue?.executor ?? processExecutor(), config: cfg, cwd: o.cwd, owner, metrics,
    envFor: (run): Record<string, string> => budget === null ? {} : { JQUANTS_API_KEY: apiKey, JQUANTS_API_BASE_URL: budget.urlFor(`run-${run.id}`), JQUANTS_PLAN: cfg.api.plan },
    apiCounts: (run) => budget?.counts(`run-${run.id}`) ?? { requests: 0, retries: 0 },
    apiPaused, now: () => clock.now(), log,
    // A finished run is what the quality sensor looks at: evaluate it on the next pass.
    onFinish: () => { if (sensorNext.has('quality_alert')) sensorNext.set('quality_alert', 0); wake(); },
  });
  const scheduler = createScheduler(o.schedules === false ? [] : cfg.schedules, state, log, (s) => s.job === 'train' && trainPlan(cfg.trainCommand, env) === null ? 'idle: no training configured (GQ_TRAIN_COMMAND, trainCommand, or `gq train`)' : null);
  const sensors: Sensor[] = [];
  if (o.sensors !== false && cfg.sensors.dataArrival.enabled && budget !== null) {
    const b = budget;
    sensors.push(dataArrivalSensor({
      state, intervalMs: cfg.sensors.dataArrival.intervalMinutes * 60_000, lookbackDays: cfg.sensors.dataArrival.lookbackDays, log,
      poll: (path, params) => b.get(path, params, apiKey, 'sensor-data_arrival'),
    }));
  }
  if (o.sensors !== false && cfg.sensors.qualityAlert.enabled) {
    sensors.push(qualityAlertSensor({
      state, threshold: cfg.sensors.qualityAlert.threshold, webhook: cfg.sensors.qualityAlert.webhook, intervalMs: 30_000, log, onAlert: (kind) => metrics.alerts.inc({ kind }),
    }));
  }
  const api = daemonApi({ state, dispatcher, scheduler, sensors, metrics, now: () => clock.now(), startedAt, apiPaused, wake });
  const host = o.host ?? '127.0.0.1';
  let http: HttpEndpoint | null = null;
  const page = o.port === null ? null : statusPage({ api, state, host, token: env.GQ_DAEMON_TOKEN, now: () => clock.now(), mode: queue === null ? 'embedded' : `queue ${queue.where}` });
  try {
    if (page !== null) http = await startHttp(api, host, o.port ?? 9464, page);
  } catch (e) {
    // Nothing has run yet: close what was opened, so the process (or a test) is left as before.
    page?.close();
    await budget?.close();
    await queue?.close();
    state.close();
    throw e;
  }

  for (const r of dispatcher.recover()) log(`resuming: run ${r.id} (${r.job} [${r.partitions.join(', ')}])`);
  log(`daemon up: state ${cfg.statePath}${http === null ? '' : `, ${http.url}/metrics`}${budget === null ? ', no JQUANTS_API_KEY: dataset runs use the sample market' : `, API budget ${cfg.api.limit} requests per ${cfg.api.windowSeconds} s (${cfg.api.plan})`}`);

  let stopping = false;
  const updateGauges = (now: number): void => {
    for (const a of assetsStatus(state, now)) {
      if (!ASSET_NAMES.includes(a.asset as never)) continue;
      metrics.freshnessLag.set({ asset: a.asset }, a.lagSeconds);
      metrics.assetStale.set({ asset: a.asset }, a.stale ? 1 : 0);
      if (a.lastPartition !== null) metrics.lastPartition.set({ asset: a.asset }, jstInstant(parseDay(a.lastPartition), 0) / 1000);
    }
    for (const s of scheduler.status(now)) if (s.next !== null) metrics.nextTick.set({ schedule: s.schedule.name }, Math.floor(s.next / 1000));
    metrics.runsActive.set({ status: 'running' }, dispatcher.active().length);
    metrics.runsActive.set({ status: 'queued' }, state.runs.queued().length);
    metrics.apiPaused.set(apiPaused() ? 1 : 0);
  };

  /** One pass: ticks, sensors, cancel requests, dispatch; returns when to wake next. */
  const iteration = async (): Promise<number> => {
    const now = clock.now();
    state.kv.set('daemon', { pid: process.pid, owner, url: http?.url ?? null, at: Date.now() }, now);
    if (queue === null) scheduler.poll(now); // queue mode: the ticks come from the BullMQ job schedulers
    for (const s of sensors) {
      if ((sensorNext.get(s.name) ?? 0) > now) continue;
      try {
        const t = await s.tick(now);
        metrics.sensorTicks.inc({ sensor: s.name });
        if (t.requested.length > 0) metrics.sensorRequests.inc({ sensor: s.name }, t.requested.length);
      } catch (e) {
        log(`sensor ${s.name} failed: ${(e as Error).message}`);
      }
      sensorNext.set(s.name, s.nextWake(clock.now()));
    }
    for (const c of state.kv.list<boolean>('cancel/')) {
      dispatcher.cancel(Number(c.key.slice('cancel/'.length)));
      state.kv.delete(c.key);
    }
    if (!stopping) dispatcher.dispatch();
    const after = clock.now();
    updateGauges(after);
    // Runs held by a 429 pause start when it ends, not at the next heartbeat.
    const pauseLeft = budget === null ? 0 : budget.pausedUntil() - performance.now();
    return Math.min(scheduler.nextWake(after), ...[...sensorNext.values()], dispatcher.nextWake(), after + (pauseLeft > 0 ? pauseLeft : Number.POSITIVE_INFINITY), after + (o.maxSleepMs ?? 5_000));
  };

  const stopped = (async () => {
    while (!stopping) {
      let next: number;
      wakePending = false;
      try {
        next = await iteration();
      } catch (e) {
        log(`daemon loop: ${(e as Error).message}`);
        next = clock.now() + 1_000;
      }
      if (stopping) break;
      wakeCtl = new AbortController();
      if (!wakePending) await clock.sleep(Math.max(0, next - clock.now()), wakeCtl.signal);
    }
  })();

  let stopCall: Promise<void> | undefined;
  return {
    state, api, http, scheduler, dispatcher, metrics, budget, wake,
    stop(graceMs = 30_000) {
      stopCall ??= (async () => {
        stopping = true;
        wake();
        await stopped;
        if (dispatcher.active().length > 0) {
          log(`stopping: waiting up to ${(graceMs / 1000).toFixed(0)} s for run(s) ${dispatcher.active().join(', ')}`);
          const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
          if (await Promise.race([dispatcher.idle().then(() => 'idle' as const), timer]) === 'timeout') await dispatcher.interruptAll('the daemon was stopped; re-run on its next start');
        }
        metrics.up.set(0);
        await http?.close();
        await budget?.close();
        await queue?.close();
        state.kv.set('daemon', { pid: process.pid, owner, url: null, at: 0 }, clock.now());
        state.close();
        log('daemon stopped');
      })();
      return stopCall;
    },
    stopped,
  };
}
