import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';
import { hasRedis, startRedis, type RedisServer } from './queue-redis.ts';
import { spawnWorker, type WorkerProc } from './queue-workers.ts';

describe.skipIf(!hasRedis())('kill -9 of a gq worker mid-job (skipped only when redis-server is absent)', () => {
  let redis: RedisServer;
  let d: Daemon;
  const workers: WorkerProc[] = [];
  const dir = tmpFolder('kill-worker');
  beforeAll(async () => {
    redis = await startRedis();
    const config = buildDaemonConfig({
      state: join(dir, 'state.db'), output: join(dir, 'out'), retries: { count: 0 },
      schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false }],
    }, null, dir);
    d = await startDaemon({ config, cwd: dir, port: 0, queue: redis.url, log: () => {}, env: {} });
    for (const name of ['w1', 'w2']) workers.push(spawnWorker(redis.url, name, dir, {}, ['--stall-seconds', '2']));
    await Promise.all(workers.map((w) => w.ready));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await d?.stop(0);
    await redis?.stop();
  });

  it('hands the job to the other worker, which completes it; the run records both and is owned by the survivor', async () => {
    // A job of a few seconds, killed 0.5 s after a worker took it.
    const marks = join(dir, 'marks.txt');
    const res = await fetch(`${d.http!.url}/api/runs`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ job: 'command', params: { command: ['sh', '-c', `echo start >> ${marks}; sleep 3; echo end >> ${marks}`] } }),
    });
    const id = ((await res.json()) as { id: number }).id;
    const tookIt = () => d.state.runs.logs(id).filter((l) => / took it /.test(l.line)).map((l) => /worker (\S+)/.exec(l.line)![1]!);
    await until(() => tookIt().length === 1, 'a worker to take the job', 30_000);
    const first = workers.find((w) => w.name === tookIt()[0])!;
    const other = workers.find((w) => w !== first)!;
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill('SIGKILL');
    await until(() => d.state.runs.get(id)!.status !== 'running', 'the run to finish on the other worker', 60_000);
    const run = d.state.runs.get(id)!;
    expect(run.status).toBe('success');
    expect(tookIt()).toEqual([first.name, other.name]);
    expect(run.owner).toBe(other.name);
    expect(other.lines.some((l) => l.includes(`run ${id} success`))).toBe(true);
    // The page's run list shows the survivor as the run's worker.
    const api = (await (await fetch(`${d.http!.url}/api/runs/${id}`)).json()) as { owner: string };
    expect(api.owner).toBe(other.name);
  }, 90_000);
});
