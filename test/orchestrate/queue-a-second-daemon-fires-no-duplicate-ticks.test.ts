import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../../orchestrate/clock.ts';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { fakeExecutor } from './helpers/fake-executor.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { hasRedis, startRedis, type RedisServer } from './queue-redis.ts';

// One schedule every 2 s (every day), run by two daemons with their own states on one Redis.
const EVERY_MS = 2000;

describe.skipIf(!hasRedis())('two daemons on one queue (skipped only when redis-server is absent)', () => {
  let redis: RedisServer;
  const daemons: Daemon[] = [];
  beforeAll(async () => { redis = await startRedis(); });
  afterAll(async () => {
    for (const d of daemons) await d.stop(0);
    await redis?.stop();
  });

  it('fire each tick of a schedule once between them (BullMQ job schedulers)', async () => {
    const dir = tmpFolder('ticks');
    for (const name of ['a', 'b']) {
      const config = buildDaemonConfig({
        state: join(dir, `${name}.db`), output: join(dir, 'out'), sensors: { quality_alert: { enabled: false } },
        schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false },
          { name: 'every2s', cron: '*/2 * * * * *', days: 'all', job: 'command', command: ['true'], overlap: 'wait' }],
      }, null, dir);
      daemons.push(await startDaemon({ config, cwd: dir, port: null, queue: redis.url, executor: fakeExecutor(realClock).executor, log: () => {} }));
    }
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 4 * EVERY_MS + 1000));
    const t1 = Date.now();
    const ticks = daemons.flatMap((d, i) => d.state.runs.list({ limit: 100 }).filter((r) => r.triggerName === 'every2s').map((r) => ({ daemon: i, key: r.runKey! })));
    const instants = ticks.map((t) => Number(t.key.split(':').at(-1))).sort((a, b) => a - b);
    console.log(`ticks: ${ticks.map((t) => `${'ab'[t.daemon]}@${new Date(Number(t.key.split(':').at(-1))).toISOString().slice(17, 23)}`).join(' ')}`);
    // Every 2-s instant in (t0 + 1 s, t1 - 1 s) fired exactly once across both daemons; none fired twice.
    expect(new Set(instants).size).toBe(instants.length);
    const due: number[] = [];
    for (let t = Math.ceil((t0 + 1000) / EVERY_MS) * EVERY_MS; t < t1 - 1000; t += EVERY_MS) due.push(t);
    expect(due.length).toBeGreaterThanOrEqual(3);
    for (const t of due) expect(instants).toContain(t);
    for (let i = 1; i < instants.length; i++) expect(instants[i]! - instants[i - 1]!).toBe(EVERY_MS);
  }, 30_000);
});
