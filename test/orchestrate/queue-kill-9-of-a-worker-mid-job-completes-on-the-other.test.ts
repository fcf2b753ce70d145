import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { SHARED_MARKER } from '../../orchestrate/queue/shared-outputs.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';
import { hasRedis, startRedis, type RedisServer } from './queue-redis.ts';
import { spawnWorker, type WorkerProc } from './queue-workers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe.skipIf(!hasRedis())('cancel and kill -9 on gq workers (skipped only when redis-server is absent)', () => {
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

  it('stops a running job on its worker when it is canceled through the JSON API, and records it canceled', async () => {
    // A job that appends a dot every 100 ms until it is stopped, and says its pid.
    const dots = join(dir, 'dots.txt');
    const script = `const fs = require('fs'); console.log('pid ' + process.pid); setInterval(() => fs.appendFileSync(${JSON.stringify(dots)}, '.'), 100);`;
    const res = await fetch(`${d.http!.url}/api/runs`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ job: 'command', params: { command: [process.execPath, '-e', script] } }),
    });
    const id = ((await res.json()) as { id: number }).id;
    const pidLine = () => d.state.runs.logs(id).map((l) => /^pid (\d+)$/.exec(l.line)).find((m) => m !== null);
    await until(() => pidLine() !== undefined && existsSync(dots) && readFileSync(dots, 'utf8').length >= 3, 'the job to run on a worker', 30_000);
    const pid = Number(pidLine()![1]);
    const owner = d.state.runs.get(id)!.owner!;
    expect(alive(pid)).toBe(true);

    const c = await fetch(`${d.http!.url}/api/runs/${id}/cancel`, { method: 'POST' });
    expect(c.status).toBe(200);
    await until(() => d.state.runs.get(id)!.status !== 'running', 'the run to stop', 20_000);
    expect(d.state.runs.get(id)!.status).toBe('canceled');
    // The job's process is gone and writes no more.
    await until(() => !alive(pid), 'the job process to exit', 10_000);
    const size = readFileSync(dots, 'utf8').length;
    await sleep(500);
    expect(readFileSync(dots, 'utf8').length).toBe(size);
    const worker = workers.find((w) => w.name === owner)!;
    expect(worker.lines.some((l) => l.includes(`run ${id} canceled: stopping its process`))).toBe(true);
    // The worker's job ended with the run's canceled result (not a failed attempt that BullMQ would retry).
    await until(() => worker.lines.some((l) => l.includes(`: run ${id} canceled: canceled`)), 'the worker to report the run canceled', 10_000);
  }, 60_000);

  it('refuses a run that writes outputs on a worker that does not see the daemon\'s output folder, saying why', async () => {
    // Without S3, the output folder must be shared: hide the daemon's marker there, as a worker on another machine
    // without the mount would see it.
    const marker = join(dir, 'out', SHARED_MARKER);
    expect(existsSync(marker)).toBe(true);
    renameSync(marker, `${marker}.hidden`);
    try {
      const res = await fetch(`${d.http!.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ job: 'feature_sync', partitions: ['2026-11-19'] }) });
      const id = ((await res.json()) as { id: number }).id;
      await until(() => !['queued', 'running'].includes(d.state.runs.get(id)!.status), 'the run to be refused', 30_000);
      const run = d.state.runs.get(id)!;
      expect(run.status).toBe('failed');
      expect(run.error).toContain(`the output folder ${join(dir, 'out')} is not shared with worker ${run.owner}`);
      expect(run.error).toContain('GQ_OUTPUT_S3');
    } finally {
      renameSync(`${marker}.hidden`, marker);
    }
  }, 60_000);

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
