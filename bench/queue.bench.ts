/**
 * Distributed mode (issue 14): what the queue costs and what a second worker gives. A real redis-server on loopback,
 * the daemon in this process, `gq worker` child processes. (1) `--runs` noop runs through daemon -> BullMQ -> two
 * workers (each run a child process on its worker): runs per second and the submit-to-start delay; (2) a
 * `--partitions`-day dataset backfill on the sample market (no key) with one worker, then with two. Prints the load
 * average and CPU seconds (this process, and each worker with its finished runs' processes from /proc) beside the
 * wall times. Usage: npm run bench:queue [-- --runs 40 --partitions 8]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArgs } from './args.ts';
import { addBusinessDays } from '../engine/calendar/tse-calendar.ts';
import { formatDay, parseDay } from '../engine/dates.ts';
import { backfillProgress, requestBackfill } from '../orchestrate/backfill.ts';
import { buildDaemonConfig } from '../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../orchestrate/daemon.ts';
import { hasRedis, startRedis } from '../test/orchestrate/queue-redis.ts';
import { spawnWorker, type WorkerProc } from '../test/orchestrate/queue-workers.ts';

const args = benchArgs({ runs: 40, partitions: 8 });
if (!hasRedis()) throw new Error('bench:queue needs redis-server (/usr/bin/redis-server)');
const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** CPU seconds of a process and its waited-for children (utime + stime + cutime + cstime). */
const cpuOf = (pid: number): number => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / hz; };
const selfCpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const lines: string[] = [];
const say = (l: string): void => { lines.push(l); console.log(l); };

say(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores)`);
const redis = await startRedis();
const dir = mkdtempSync(join(tmpdir(), 'gq-queue-bench-'));

async function setup(name: string, nWorkers: number): Promise<{ d: Daemon; workers: WorkerProc[] }> {
  const config = buildDaemonConfig({
    state: join(dir, `${name}.db`), output: join(dir, `${name}-out`), retries: { count: 0 },
    pipeline: { workers: 1, sampleCodes: 200, sampleDays: 300, cacheDir: join(dir, 'cache') },
    sensors: { data_arrival: { enabled: false }, quality_alert: { enabled: false } },
    schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false }],
  }, null, dir);
  const d = await startDaemon({ config, cwd: dir, port: 0, queue: redis.url, log: () => {}, env: {} });
  const workers = Array.from({ length: nWorkers }, (_, i) => spawnWorker(redis.url, `${name}-w${i + 1}`, dir));
  await Promise.all(workers.map((w) => w.ready));
  return { d, workers };
}
async function teardown(s: { d: Daemon; workers: WorkerProc[] }): Promise<void> {
  await Promise.all(s.workers.map((w) => w.stop()));
  await s.d.stop(0);
}
const done = (d: Daemon, ids: number[]) => ids.every((id) => !['queued', 'running'].includes(d.state.runs.get(id)!.status));

// 1. Queue overhead: noop runs.
{
  const s = await setup('noop', 2);
  const w0 = s.workers.map((w) => cpuOf(w.child.pid!));
  const c0 = selfCpu();
  const t0 = performance.now();
  const ids = Array.from({ length: args.runs }, () => s.d.api.submit({ job: 'noop' }) as { id: number }).map((r) => r.id);
  s.d.wake();
  while (!done(s.d, ids)) await sleep(20);
  const wall = (performance.now() - t0) / 1000;
  const runs = ids.map((id) => s.d.state.runs.get(id)!);
  const bad = runs.filter((r) => r.status !== 'success').length;
  const waits = runs.map((r) => {
    const took = s.d.state.runs.logs(r.id).find((l) => / took it /.test(l.line));
    return took === undefined ? NaN : took.at - r.createdAt;
  });
  const wCpu = s.workers.map((w, i) => cpuOf(w.child.pid!) - w0[i]!);
  say(`noop runs: ${args.runs} on 2 workers in ${wall.toFixed(2)} s wall = ${(args.runs / wall).toFixed(1)} runs/s; submit to a worker taking it: median ${median(waits).toFixed(0)} ms; `
    + `CPU: daemon process ${(selfCpu() - c0).toFixed(2)} s, workers (with their runs' processes) ${wCpu.map((x) => x.toFixed(2)).join(' + ')} s; not success: ${bad}`);
  await teardown(s);
}

// 2. A dataset backfill on the sample market: one worker, then two (the raw cache is warmed first, so both read it).
const to = parseDay('2026-11-19');
const from = formatDay(addBusinessDays(to, -(args.partitions - 1)));
for (const n of [1, 2]) {
  const s = await setup(`backfill${n}`, n);
  if (n === 1) {
    // Warm the sample market's raw cache with one run, outside the timing.
    const warm = (s.d.api.submit({ job: 'dataset', partitions: ['2026-11-20'] }) as { id: number }).id;
    s.d.wake();
    while (!done(s.d, [warm])) await sleep(50);
  }
  const w0 = s.workers.map((w) => cpuOf(w.child.pid!));
  const load0 = loadavg()[0]!;
  const t0 = performance.now();
  const plan = requestBackfill(s.d.state, 'dataset', from, formatDay(to), Date.now());
  s.d.wake();
  const settled = () => backfillProgress(s.d.state, plan.backfill).every((p) => p.status === 'success' || p.status === 'failed');
  while (!settled()) await sleep(50);
  const wall = (performance.now() - t0) / 1000;
  const progress = backfillProgress(s.d.state, plan.backfill);
  const wCpu = s.workers.map((w, i) => cpuOf(w.child.pid!) - w0[i]!);
  const failed = progress.find((p) => p.status !== 'success');
  if (failed !== undefined) say(`  a run failed: ${s.d.state.runs.get(failed.runId!)?.error}: the figures below are not comparable`);
  say(`dataset backfill of ${plan.partitions.length} partitions (sample 200 codes x 300 days) on ${n} worker(s): ${wall.toFixed(1)} s wall, `
    + `${(wall / plan.partitions.length).toFixed(2)} s per partition; worker CPU ${wCpu.map((x) => x.toFixed(1)).join(' + ')} s; `
    + `failed ${progress.filter((p) => p.status !== 'success').length}; load ${load0.toFixed(2)} -> ${loadavg()[0]!.toFixed(2)}`);
  await teardown(s);
}
await redis.stop();
say(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
