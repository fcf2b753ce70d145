import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../../orchestrate/clock.ts';
import { buildDaemonConfig, type DaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { fakeExecutor } from './helpers/fake-executor.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';
import { hasRedis, startRedis, type RedisServer } from './queue-redis.ts';

// One schedule every 2 s (every day); the daemon is down for about 7 s, so three or four ticks are missed.
const EVERY_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasRedis())('queue mode after downtime (skipped only when redis-server is absent)', () => {
  let redis: RedisServer;
  let d: Daemon | undefined;
  const lines: string[] = [];
  beforeAll(async () => { redis = await startRedis(); });
  afterAll(async () => {
    await d?.stop(0);
    await redis?.stop();
  });

  it('runs the latest missed tick once when the daemon is back, not the first one and not every one', async () => {
    const dir = tmpFolder('downtime');
    const config: DaemonConfig = buildDaemonConfig({
      state: join(dir, 'state.db'), output: join(dir, 'out'), sensors: { quality_alert: { enabled: false } },
      schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false },
        { name: 'every2s', cron: '*/2 * * * * *', days: 'all', job: 'command', command: ['true'], overlap: 'wait' }],
    }, null, dir);
    const start = () => startDaemon({ config, cwd: dir, port: null, queue: redis.url, executor: fakeExecutor(realClock).executor, log: (l) => lines.push(l) });
    const instants = (): number[] => d!.state.runs.list({ limit: 100 }).filter((r) => r.triggerName === 'every2s').map((r) => Number(r.runKey!.split(':').at(-1))).sort((a, b) => a - b);

    d = await start();
    await until(() => instants().length >= 2, 'two ticks before the downtime', 15_000);
    await d.stop(0);
    d = undefined;
    const stoppedAt = Date.now();
    await sleep(6500);
    // Come back just after a tick instant, so that starting up does not run into the next tick.
    while (Date.now() % EVERY_MS < 100 || Date.now() % EVERY_MS > 400) await sleep(20);
    const backAt = Date.now();
    d = await start();
    const upAt = Date.now();
    await until(() => instants().some((t) => t > stoppedAt), 'the catch-up tick', 10_000);
    await sleep(EVERY_MS + 500); // one regular tick after it
    const all = instants();
    const latestMissed = Math.floor(backAt / EVERY_MS) * EVERY_MS;
    console.log(`downtime ${new Date(stoppedAt).toISOString().slice(17, 23)}..${new Date(backAt).toISOString().slice(17, 23)}; ticks: ${all.map((t) => new Date(t).toISOString().slice(17, 23)).join(' ')}`);

    expect(latestMissed - stoppedAt).toBeGreaterThanOrEqual(2 * EVERY_MS); // by construction: at least three ticks were missed
    // None of the earlier missed ticks ran; the latest one did, once; then the regular ticks go on, each once.
    expect(all.filter((t) => t > stoppedAt && t < latestMissed)).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
    if (Math.floor(upAt / EVERY_MS) === Math.floor(backAt / EVERY_MS)) expect(all.filter((t) => t > stoppedAt)[0]).toBe(latestMissed);
    expect(all.filter((t) => t > latestMissed).length).toBeGreaterThanOrEqual(1);
    expect(lines.some((l) => /every2s: tick .* requested .*(latest tick missed while no daemon ran|latest of several missed ticks)/.test(l))).toBe(true);
  }, 40_000);
});
