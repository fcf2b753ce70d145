import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { simClock, type SimClock } from '../../orchestrate/sim-clock.ts';
import { fakeExecutor } from './helpers/fake-executor.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

const jst = (s: string): number => Date.parse(`${s}:00+09:00`);

describe('the data_arrival sensor against the stand-in', () => {
  // The stand-in publishes a day's bars 20 minutes late (16:50 JST instead of the table's 16:30), on the same clock.
  const clock: SimClock = simClock(jst('2026-11-20T16:00'));
  const barsPolls: number[] = [];
  let standin: Standin;
  const dir = tmpFolder('arrival');
  beforeAll(async () => {
    standin = await startStandin({
      market: generateMarket({ codes: 8, days: 30, end: '2026-11-20' }), rateLimit: false, clock: { now: () => clock.now(), delayMinutes: 20 },
      onRequest: (_at, route) => { if (route === '/equities/bars/daily') barsPolls.push(clock.now()); },
    });
  });
  afterAll(async () => standin.close());

  const start = (fake: ReturnType<typeof fakeExecutor>): Promise<Daemon> => startDaemon({
    config: buildDaemonConfig({ state: join(dir, 'state.db'), output: join(dir, 'out'), api: { plan: 'premium' }, sensors: { data_arrival: { intervalMinutes: 10 } } }, null, dir),
    cwd: dir, clock, executor: fake.executor, port: null, log: () => {}, maxSleepMs: 3_600_000,
    env: { JQUANTS_API_KEY: 'test-key', JQUANTS_API_BASE_URL: standin.url },
  });
  /** Advances in 5-minute steps, letting each poll's real HTTP round trip finish before time moves on. */
  const advanceTo = async (d: Daemon, t: number): Promise<void> => {
    while (clock.now() < t) {
      await clock.advance(5 * 60_000);
      await until(() => clock.sleepers() > 0 && d.budget !== null, 'the daemon loop to sleep', 10_000);
      await new Promise((r) => setTimeout(r, 30));
    }
  };
  const runsOf = (d: Daemon, day: string) => d.state.runs.list({ limit: 1000 }).filter((r) => r.partitions.includes(day));

  it('requests exactly one run once the bars are there, not before, and none again after a restart or from the 19:00 tick', async () => {
    const fake = fakeExecutor(clock);
    let d = await start(fake);
    await until(() => clock.sleepers() > 0, 'the first pass', 10_000);
    await advanceTo(d, jst('2026-11-20T16:45'));
    expect(runsOf(d, '2026-11-20')).toEqual([]);
    const pollsBefore = barsPolls.filter((t) => t >= jst('2026-11-20T16:30')).length;
    expect(pollsBefore).toBeGreaterThanOrEqual(2); // 16:30 and 16:40 found nothing yet
    await advanceTo(d, jst('2026-11-20T17:30'));
    const runs = runsOf(d, '2026-11-20');
    expect(runs.map((r) => [r.trigger, r.triggerName])).toEqual([['sensor', 'data_arrival']]);
    expect(runs[0]!.createdAt).toBeGreaterThanOrEqual(jst('2026-11-20T16:50'));
    const total = d.state.runs.list({ limit: 1000 }).length;
    await d.stop(0);

    const pollsAtRestart = barsPolls.length;
    d = await start(fake);
    await advanceTo(d, jst('2026-11-20T19:30'));
    expect(runsOf(d, '2026-11-20')).toHaveLength(1); // the daily_pipeline tick of 19:00 was deduplicated by the run key
    expect(d.state.runs.list({ limit: 1000 })).toHaveLength(total);
    expect(barsPolls.length).toBe(pollsAtRestart); // the cursor says 11-20 is done: nothing to poll until the next business day
    await d.stop(0);
  });
});
