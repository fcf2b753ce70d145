import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { backfillProgress, requestBackfill } from '../../orchestrate/backfill.ts';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';
import { hasRedis, startRedis, type RedisServer } from './queue-redis.ts';
import { spawnWorker, type WorkerProc } from './queue-workers.ts';

// A compressed plan: 12 requests per second for everything together. Each run's own client paces at Premium (8.3/s),
// so two workers' runs at once (16.6/s) would go past it; only the budget in Redis keeps them (and the daemon's sensor) under.
const LIMIT = 12;
const WINDOW_MS = 1000;

describe.skipIf(!hasRedis())('a 20-partition backfill on two gq workers (skipped only when redis-server is absent)', () => {
  let redis: RedisServer;
  let standin: Standin;
  let d: Daemon;
  const workers: WorkerProc[] = [];
  const log: { at: number; status: string }[] = [];
  const dir = tmpFolder('queue-backfill');
  beforeAll(async () => {
    redis = await startRedis();
    standin = await startStandin({
      market: generateMarket({ codes: 6, days: 110, end: '2026-11-20' }), rateLimit: LIMIT, rateWindowMs: WINDOW_MS, lockoutMs: 0,
      onRequest: (at, _route, status) => log.push({ at, status }),
    });
    const env = { JQUANTS_API_KEY: 'test-key', JQUANTS_API_BASE_URL: standin.url };
    const config = buildDaemonConfig({
      state: join(dir, 'state.db'), output: join(dir, 'out'), retries: { count: 1, backoffSeconds: 1 },
      api: { plan: 'premium', requestsPerWindow: LIMIT, windowSeconds: WINDOW_MS / 1000 },
      pipeline: { workers: 1, format: 'parquet', cacheDir: join(dir, 'cache'), historyFrom: '2026-09-24' },
      sensors: { data_arrival: { intervalMinutes: 0.02 } },
      schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false }],
    }, null, dir);
    d = await startDaemon({ config, cwd: dir, port: 0, queue: redis.url, log: () => {}, env });
    for (const name of ['w1', 'w2']) workers.push(spawnWorker(redis.url, name, dir, env));
    await Promise.all(workers.map((w) => w.ready));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await d?.stop(0);
    await standin?.close();
    await redis?.stop();
  });

  it('builds every partition exactly once, on both workers, never past the plan rate in any window (the stand-in log)', async () => {
    const plan = requestBackfill(d.state, 'dataset', '2026-10-22', '2026-11-19', Date.now());
    expect(plan.partitions).toHaveLength(20); // by hand: 2026-10-22..11-19 has 20 TSE business days (11-03 is a holiday)
    d.wake();
    const settled = () => backfillProgress(d.state, plan.backfill).every((p) => p.status === 'success' || p.status === 'failed') && d.dispatcher.active().length === 0 && d.state.runs.queued().length === 0;
    await until(settled, 'the backfill', 400_000).catch((e: unknown) => {
      const p = backfillProgress(d.state, plan.backfill);
      console.log(p.map((x) => `${x.partition}:${x.status}:${x.runId}`).join(' '));
      const open = p.find((x) => x.status !== 'success');
      if (open?.runId) console.log(d.state.runs.logs(open.runId).map((l) => l.line).join('\n'));
      for (const w of workers) console.log(`${w.name}:\n${w.lines.slice(-15).join('\n')}`);
      throw e;
    });
    const progress = backfillProgress(d.state, plan.backfill);
    expect(progress.filter((p) => p.status !== 'success')).toEqual([]);

    // Exactly once: one run per partition, taken by one worker once, and each worker started each of its jobs once.
    const runs = d.state.runs.list({ limit: 1000 }).filter((r) => r.tags.backfill === String(plan.backfill.id));
    for (const r of runs.filter((x) => x.status !== 'success')) console.log(`run ${r.id} [${r.partitions}] ${r.status}: ${r.error}\n${d.state.runs.logs(r.id).map((l) => l.line).slice(-12).join('\n')}`);
    expect(runs.map((r) => r.partitions[0]).sort()).toEqual(plan.partitions);
    for (const r of runs) expect(d.state.runs.logs(r.id).filter((l) => / took it /.test(l.line))).toHaveLength(1);
    const starts = workers.flatMap((w) => w.lines.filter((l) => /: run \d+ dataset \[/.test(l)).map((l) => Number(/: run (\d+) /.exec(l)![1])));
    expect(starts.sort((a, b) => a - b)).toEqual(runs.map((r) => r.id).sort((a, b) => a - b));
    // Without S3 the outputs are in the daemon's output folder (shared by the workers), one folder per partition.
    for (const p of plan.partitions) expect(existsSync(join(dir, 'out', 'dataset', `date=${p}`, 'dataset.parquet'))).toBe(true);
    const owners = new Set(runs.map((r) => r.owner));
    expect(owners).toEqual(new Set(['w1', 'w2']));
    // Workers report their runs' requests (a partition the shared raw cache already holds may need none).
    expect(runs.reduce((sum, r) => sum + (r.apiRequests ?? 0), 0)).toBeGreaterThan(0);

    // The rate, from the stand-in's own log: in every window of WINDOW_MS, at most LIMIT requests; and no 429 at all.
    const times = log.map((e) => e.at).sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= WINDOW_MS) j++;
      worst = Math.max(worst, i - j + 1);
    }
    console.log(`queue backfill: ${times.length} requests, at most ${worst} in any ${WINDOW_MS} ms; runs per worker: ${[...owners].map((o) => `${o} ${runs.filter((r) => r.owner === o).length}`).join(', ')}`);
    expect(times.length).toBeGreaterThan(3 * LIMIT);
    expect(worst).toBeLessThanOrEqual(LIMIT);
    expect(log.filter((e) => e.status === '429')).toEqual([]);
  }, 420_000);
});
