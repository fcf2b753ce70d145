import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realClock } from '../../orchestrate/clock.ts';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon } from '../../orchestrate/daemon.ts';
import { fakeExecutor } from './helpers/fake-executor.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

describe('the real clock', () => {
  it('fires a schedule set a few seconds ahead, once', async () => {
    const dir = tmpFolder('realclock');
    // A six-field pattern (with seconds) for the JST wall time 3 s from now.
    const at = new Date(Date.now() + 3_000 + 9 * 3_600_000);
    const cron = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
    const fake = fakeExecutor(realClock);
    const d = await startDaemon({
      config: buildDaemonConfig({
        state: join(dir, 'state.db'),
        schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false },
          { name: 'soon', cron, days: 'all', command: ['true'] }],
      }, null, dir),
      cwd: dir, executor: fake.executor, port: null, env: {}, log: () => {},
    });
    const due = Math.floor((Date.now() + 3_000) / 1000) * 1000;
    try {
      await until(() => fake.launches.length > 0, 'the tick', 20_000);
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      await d.stop(0);
    }
    expect(fake.launches).toHaveLength(1);
    expect(fake.launches[0]!.at).toBeGreaterThanOrEqual(due - 1_000);
  });
});
