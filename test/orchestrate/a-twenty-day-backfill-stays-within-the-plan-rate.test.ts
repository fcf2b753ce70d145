import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { backfillProgress, requestBackfill } from '../../orchestrate/backfill.ts';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon } from '../../orchestrate/daemon.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

// A compressed plan: 8 requests per second. Each run's own client paces at Premium (8.3/s), so two runs at once
// would go past the limit; only the daemon's shared budget keeps them, and the sensor's polls, under it.
const LIMIT = 8;
const WINDOW_MS = 1000;

describe('a 20-day backfill against the stand-in', () => {
  let standin: Standin;
  const log: { at: number; status: string }[] = [];
  const dir = tmpFolder('backfill');
  beforeAll(async () => {
    standin = await startStandin({
      market: generateMarket({ codes: 6, days: 110, end: '2026-11-20' }), rateLimit: LIMIT, rateWindowMs: WINDOW_MS, lockoutMs: 0,
      onRequest: (at, _route, status) => log.push({ at, status }),
    });
  });
  afterAll(async () => standin.close());

  it('builds every partition once and never exceeds the plan rate in any window (the stand-in log)', async () => {
    const config = buildDaemonConfig({
      state: join(dir, 'state.db'), output: join(dir, 'out'), concurrency: 2, retries: { count: 1, backoffSeconds: 1 },
      api: { plan: 'premium', requestsPerWindow: LIMIT, windowSeconds: WINDOW_MS / 1000 },
      // The first two runs start at once on an empty raw cache: both fetch the whole history.
      pipeline: { workers: 1, format: 'parquet', cacheDir: join(dir, 'cache'), historyFrom: '2026-08-03' },
      sensors: { data_arrival: { intervalMinutes: 0.02 } },
      schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false }],
    }, null, dir);
    const d = await startDaemon({ config, cwd: dir, port: null, log: () => {}, env: { JQUANTS_API_KEY: 'test-key', JQUANTS_API_BASE_URL: standin.url } });
    const plan = requestBackfill(d.state, 'dataset', '2026-10-22', '2026-11-19', Date.now());
    expect(plan.partitions).toHaveLength(20); // by hand: 2026-10-22..11-19 has 20 TSE business days (11-03 and 11-23 are holidays; 11-23 is outside)
    d.wake();
    const settled = () => backfillProgress(d.state, plan.backfill).every((p) => p.status === 'success' || p.status === 'failed') && d.dispatcher.active().length === 0 && d.state.runs.queued().length === 0;
    await until(settled, 'the backfill', 400_000);
    const progress = backfillProgress(d.state, plan.backfill);
    await d.stop(0);
    expect(progress.filter((p) => p.status !== 'success')).toEqual([]);
    // The rate, from the stand-in's own log: in every window of WINDOW_MS, at most LIMIT requests; and no 429 at all.
    const times = log.map((e) => e.at).sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= WINDOW_MS) j++;
      worst = Math.max(worst, i - j + 1);
    }
    console.log(`backfill: ${times.length} requests, at most ${worst} in any ${WINDOW_MS} ms`);
    expect(times.length).toBeGreaterThan(3 * LIMIT);
    expect(worst).toBeLessThanOrEqual(LIMIT);
    expect(log.filter((e) => e.status === '429')).toEqual([]);
  }, 420_000);
});
