/**
 * The daemon's footprint and latencies (issue 13): idle CPU and RSS of `gq daemon` (a child process, default schedules,
 * no key), how late a schedule tick starts its run, and how fast the run records answer with 100,000 of them (the
 * query in-process, the JSON API over HTTP, and `gq runs` as a whole command against Node's own start). Usage: npm run bench:daemon [-- --idle 20 --cliRuns 20]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArgs } from './args.ts';
import { realClock } from '../orchestrate/clock.ts';
import { buildDaemonConfig } from '../orchestrate/config.ts';
import { startDaemon } from '../orchestrate/daemon.ts';
import type { Executor } from '../orchestrate/executor.ts';
import { openState } from '../orchestrate/state/state.ts';

const args = benchArgs({ idle: 20, ticks: 10, records: 100_000, cliRuns: 20 });
const GQ = join(import.meta.dirname, '../cli/gq.ts');
const BIN = join(import.meta.dirname, '../bin/gq.js');
const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
const cpu0 = process.cpuUsage();
const dir = mkdtempSync(join(tmpdir(), 'gq-daemon-bench-'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const results: Record<string, number | string> = {};

// 1. Idle daemon: CPU ticks and RSS from /proc over `idle` seconds, after a settle.
{
  const child = spawn(process.execPath, [BIN, 'daemon', '--port', '0', '--state', join(dir, 'idle.db')], { cwd: dir, env: { ...process.env, JQUANTS_API_KEY: '' }, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  while (!out.includes('http://')) await sleep(100);
  await sleep(5_000);
  const ticks = (): number => { const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return Number(f[11]) + Number(f[12]); };
  const rss = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
  const c0 = ticks();
  const t0 = performance.now();
  const samples: number[] = [];
  while (performance.now() - t0 < args.idle * 1000) { samples.push(rss()); await sleep(1_000); }
  const cpu = (ticks() - c0) / hz / ((performance.now() - t0) / 1000);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  results.idle_cpu_percent_of_a_core = +(cpu * 100).toFixed(2);
  results.idle_rss_mib_max = +Math.max(...samples).toFixed(1);
}

// 2. Tick to run start: a schedule every 2 s, an executor that records when it is handed the run.
{
  const starts: number[] = [];
  const executor: Executor = { launch: () => { starts.push(Date.now()); return { done: Promise.resolve({ status: 'success', materializations: [] }), cancel() {} }; }, async close() {} };
  const d = await startDaemon({
    config: buildDaemonConfig({ state: join(dir, 'ticks.db'), schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false },
      { name: 'every2s', cron: '*/2 * * * * *', days: 'all', command: ['true'], overlap: 'wait' }] }, null, dir),
    cwd: dir, clock: realClock, executor, port: null, env: {}, log: () => {},
  });
  while (starts.length < args.ticks + 1) await sleep(200);
  await d.stop(0);
  const lates = starts.slice(1).map((t) => t - Math.floor(t / 2000) * 2000);
  results.tick_to_start_ms_median = median(lates);
  results.tick_to_start_ms_max = Math.max(...lates);
}

// 3. Run records: plant `records` runs, then query them three ways.
{
  const db = join(dir, 'runs.db');
  const s = openState(db);
  const t0 = Date.now();
  s.db.exec('BEGIN');
  for (let i = 0; i < args.records; i++) {
    const r = s.runs.request({ job: i % 3 === 0 ? 'feature_sync' : 'dataset', partitions: ['2026-01-05'], trigger: 'schedule', triggerName: 'daily_pipeline' }, t0 + i)!;
    s.runs.claim(r.id, 'bench', t0 + i);
    s.runs.finish(r.id, i % 50 === 7 ? { status: 'failed', error: 'planted' } : { status: 'success', rows: 4000 }, t0 + i + 5);
  }
  s.db.exec('COMMIT');
  s.close();
  const q: number[] = [];
  const qf: number[] = [];
  for (let i = 0; i < 30; i++) {
    const a = performance.now();
    const st = openState(db);
    st.runs.list({ limit: 30 });
    q.push(performance.now() - a);
    const b = performance.now();
    st.runs.list({ status: 'failed', limit: 30 });
    qf.push(performance.now() - b);
    st.close();
  }
  results.query_open_and_list_30_ms_median = +median(q).toFixed(2);
  results.query_failed_30_ms_median = +median(qf).toFixed(2);
  const d = await startDaemon({ config: buildDaemonConfig({ state: db, schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false }] }, null, dir), cwd: dir, port: 0, env: {}, log: () => {} });
  const api: number[] = [];
  const apiFailed: number[] = [];
  const apiRun: number[] = [];
  for (let i = 0; i < 50; i++) {
    let a = performance.now();
    await (await fetch(`${d.http!.url}/api/runs?limit=50`)).json();
    api.push(performance.now() - a);
    a = performance.now();
    await (await fetch(`${d.http!.url}/api/runs?status=failed&limit=50`)).json();
    apiFailed.push(performance.now() - a);
    a = performance.now();
    await (await fetch(`${d.http!.url}/api/runs/${1 + i * 1000}`)).json();
    apiRun.push(performance.now() - a);
  }
  await d.stop(0);
  results.api_runs_50_ms_median = +median(api).toFixed(2);
  results.api_runs_50_ms_p95 = +p95(api).toFixed(2);
  results.api_failed_50_ms_median = +median(apiFailed).toFixed(2);
  results.api_run_by_id_ms_median = +median(apiRun).toFixed(2);
  // `gq runs` as a whole command: wall time (median) and CPU per run (the children's rusage, /proc/self/stat), against
  // Node's own start (`node -e 0`) on this machine. bin/gq.js is the installed `gq` (package.json "bin"); cli/gq.ts the
  // full CLI; npx adds npm's own start. The first bin/gq.js run fills Node's compile cache and is not counted.
  const childCpuMs = (): number => { const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' '); return (Number(f[13]) + Number(f[14])) * 1000 / hz; };
  const timeCommand = (file: string, argv: string[], n: number, cwd = dir): { wall: number; cpu: number } => {
    const walls: number[] = [];
    const c0 = childCpuMs();
    for (let i = 0; i < n; i++) {
      const a = performance.now();
      execFileSync(file, argv, { cwd, stdio: 'ignore' });
      walls.push(performance.now() - a);
    }
    return { wall: Math.round(median(walls)), cpu: Math.round((childCpuMs() - c0) / n) };
  };
  execFileSync(process.execPath, [BIN, 'runs', '--state', db], { cwd: dir, stdio: 'ignore' });
  const floor = timeCommand(process.execPath, ['-e', '0'], args.cliRuns);
  const lean = timeCommand(process.execPath, [BIN, 'runs', '--state', db], args.cliRuns);
  const leanFailed = timeCommand(process.execPath, [BIN, 'runs', '--status', 'failed', '--json', '--state', db], args.cliRuns);
  const assets = timeCommand(process.execPath, [BIN, 'assets', '--state', db], args.cliRuns);
  const full = timeCommand(process.execPath, [GQ, 'runs', '--state', db], Math.ceil(args.cliRuns / 2));
  const npx = timeCommand('npx', ['gq', 'runs', '--state', db], 5, join(import.meta.dirname, '..')); // npx finds gq in this checkout
  results.node_startup_alone_ms_median = floor.wall;
  results.node_startup_alone_cpu_ms = floor.cpu;
  results.gq_runs_command_ms_median = lean.wall;
  results.gq_runs_command_cpu_ms = lean.cpu;
  results.gq_runs_failed_json_command_ms_median = leanFailed.wall;
  results.gq_assets_command_ms_median = assets.wall;
  results.gq_runs_over_node_startup_ms = lean.wall - floor.wall;
  results.full_cli_gq_ts_runs_ms_median = full.wall;
  results.full_cli_gq_ts_runs_cpu_ms = full.cpu;
  results.npx_gq_runs_ms_median = npx.wall;
}

results.records = args.records;
const cpu1 = process.cpuUsage(cpu0);
results.bench_process_cpu_s = +((cpu1.user + cpu1.system) / 1e6).toFixed(1);
results.load_average = (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(JSON.stringify(results, null, 2));
