import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { formatJst } from '../../orchestrate/jst.ts';
import { simClock, type SimClock } from '../../orchestrate/sim-clock.ts';
import { fakeExecutor, type Launch } from './helpers/fake-executor.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

// Instants are written as JST wall times by hand: Date.parse of an ISO time with a +09:00 offset.
const jst = (s: string): number => Date.parse(`${s}:00+09:00`);
const HOUR = 3_600_000;

async function runUntil(clock: SimClock, until: number): Promise<void> {
  while (clock.now() < until) await clock.advance(Math.min(HOUR / 2, until - clock.now()));
}

/** Starts a daemon on the simulated clock and waits until its first pass is done (it sleeps). */
async function start(dir: string, clock: SimClock, executor: ReturnType<typeof fakeExecutor>['executor'], schedules?: unknown[]): Promise<Daemon> {
  const config = buildDaemonConfig({ state: join(dir, 'state.db'), output: join(dir, 'out'), schedules }, null, dir);
  const d = await startDaemon({ config, cwd: dir, clock, executor, port: null, env: {}, sensors: false, log: () => {}, maxSleepMs: 6 * HOUR });
  // Runs that finish at once wake the loop again: let those passes happen too before time moves.
  for (let i = 0; i < 3; i++) {
    await until(() => clock.sleepers() > 0, 'the first pass', 10_000);
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
  }
  return d;
}

const started = (launches: Launch[], job: string): string[] => launches.filter((l) => l.job === job).map((l) => `${formatJst(l.at)} [${l.partitions.join(',')}]`);

describe('schedules over simulated time in Asia/Tokyo', () => {
  it('fires daily_pipeline and feature_sync on TSE business days only (holiday Monday and Tuesday skipped, 2020-10-01 halt day kept) and training on Sundays', async () => {
    const dir = tmpFolder('fortnight');
    const clock = simClock(jst('2020-09-18T12:00'));
    const fake = fakeExecutor(clock, { dataset: 30 * 60_000 });
    const d = await start(dir, clock, fake.executor);
    await runUntil(clock, jst('2020-10-03T12:00'));
    await d.stop(0);
    // By hand: 2020-09-21 (Respect for the Aged Day) and 09-22 (Autumnal Equinox Day) are holidays; 10-01 is a business day.
    const days = ['2020-09-18', '2020-09-23', '2020-09-24', '2020-09-25', '2020-09-28', '2020-09-29', '2020-09-30', '2020-10-01', '2020-10-02'];
    expect(started(fake.launches, 'dataset')).toEqual(days.map((x) => `${x} 19:00 JST [${x}]`));
    expect(started(fake.launches, 'feature_sync')).toEqual(days.map((x) => `${x} 20:00 JST [${x}]`));
    expect(started(fake.launches, 'train')).toEqual(['2020-09-20 02:00 JST [2020-09-20]', '2020-09-27 02:00 JST [2020-09-27]']);
  });

  it('after downtime over the year end runs only the latest missed tick of each schedule, once, and skips Dec 31 - Jan 3', async () => {
    const dir = tmpFolder('yearend');
    const clock = simClock(jst('2025-12-24T12:00'));
    const fake = fakeExecutor(clock);
    let d = await start(dir, clock, fake.executor);
    await runUntil(clock, jst('2025-12-26T18:00'));
    await d.stop(0);
    // Down from Fri 12-26 18:00 to Tue 12-30 10:00: missed 12-26 19:00/20:00, Sun 12-28 02:00, Mon 12-29 19:00/20:00.
    await clock.set(jst('2025-12-30T10:00'));
    d = await start(dir, clock, fake.executor);
    await runUntil(clock, jst('2026-01-06T12:00'));
    await d.stop(0);
    expect(started(fake.launches, 'dataset')).toEqual([
      '2025-12-24 19:00 JST [2025-12-24]', '2025-12-25 19:00 JST [2025-12-25]',
      '2025-12-30 10:00 JST [2025-12-29]', // the catch-up: the 12-29 tick, once; 12-26 is not run
      '2025-12-30 19:00 JST [2025-12-30]', '2026-01-05 19:00 JST [2026-01-05]',
    ]);
    expect(started(fake.launches, 'feature_sync')).toEqual([
      '2025-12-24 20:00 JST [2025-12-24]', '2025-12-25 20:00 JST [2025-12-25]', '2025-12-30 10:00 JST [2025-12-29]',
      '2025-12-30 20:00 JST [2025-12-30]', '2026-01-05 20:00 JST [2026-01-05]',
    ]);
    expect(started(fake.launches, 'train')).toEqual(['2025-12-30 10:00 JST [2025-12-28]', '2026-01-04 02:00 JST [2026-01-04]']);
  });

  it('never overlaps two runs of one job: a busy tick is skipped, or waits for the run before it, per the schedule', async () => {
    const dir = tmpFolder('overlap');
    const clock = simClock(jst('2026-02-02T08:50'));
    const fake = fakeExecutor(clock, { command: 45 * 60_000 });
    const d = await start(dir, clock, fake.executor, [
      { name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false },
      { name: 'half_hourly', cron: '*/30 * * * *', days: 'all', command: ['true'], overlap: 'skip' },
    ]);
    await runUntil(clock, jst('2026-02-02T11:10'));
    await d.stop(0);
    // Runs take 45 min: the :30 ticks find the :00 run still going and are skipped.
    expect(started(fake.launches, 'command').map((s) => s.slice(11, 16))).toEqual(['09:00', '10:00', '11:00']);
    const dir2 = tmpFolder('overlap-wait');
    const clock2 = simClock(jst('2026-02-02T08:50'));
    const fake2 = fakeExecutor(clock2, { command: 45 * 60_000 });
    const d2 = await start(dir2, clock2, fake2.executor, [
      { name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false },
      { name: 'half_hourly', cron: '*/30 * * * *', days: 'all', command: ['true'], overlap: 'wait' },
    ]);
    await runUntil(clock2, jst('2026-02-02T10:50'));
    await d2.stop(0);
    // Waiting: each run starts when the one before ends (09:00, 09:45, 10:30), never two at once.
    expect(started(fake2.launches, 'command').map((s) => s.slice(11, 16))).toEqual(['09:00', '09:45', '10:30']);
  });
});
