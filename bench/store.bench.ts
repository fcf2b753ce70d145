/**
 * Feature store bench (issue 12), on a dataset gq run wrote (default /tmp/gq-bench/dataset.parquet, the 4000 x 1100
 * sample; it is read, never regenerated):
 *   npm run bench:store -- [--dataset PATH] [--entities 1000000] [--one 2000] [--all 100] [--seconds 3] [--skip redis]
 *   npm run bench:store -- --materialize-only   (step 1 only)
 * 1. materialize into a local offline store + SQLite, and gq run's own Parquet write of the same rows (same run);
 * 2. the latest day of every code into SQLite and into Redis (a redis-server started here on a free port);
 * 3. HTTP serving from a `gq store serve` child process, one code and all codes with every feature, p50/p99, and
 *    requests/s at concurrency 10, for SQLite and Redis;
 * 4. the point-in-time join of N entity rows against the store, gq against DuckDB's ASOF JOIN (a child process),
 *    outputs compared value for value.
 * Wall and CPU seconds are both printed: on a shared machine wall time says little. The last line is JSON.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createEncodePool } from '../io/encode-pool.ts';
import { openParquetSink } from '../io/parquet/parquet-sink.ts';
import { readParquetColumns } from '../io/source/parquet-columns.ts';
import { sharedF64, sharedI32 } from '../engine/shared.ts';
import type { OutColumn } from '../io/columns.ts';
import { writeParquet } from '../io/parquet/write-parquet.ts';
import { makePrng } from '../io/sample/prng.ts';
import { buildConfig, type StoreConfig } from '../store/config.ts';
import { readEntities } from '../store/entities.ts';
import { getHistoricalFeatures, writeTraining } from '../store/history.ts';
import { latestRows } from '../store/latest-rows.ts';
import { materialize, readManifest } from '../store/materialize.ts';
import { localBackend } from '../store/offline-local.ts';
import { openOnline, type ViewWrite } from '../store/online.ts';
import { columnNames, readTable } from '../store/table.ts';
import { formatJst, jstInstant } from '../store/time.ts';
import { isTarget } from '../store/views.ts';

const { values: opt } = parseArgs({
  options: {
    dataset: { type: 'string', default: '/tmp/gq-bench/dataset.parquet' },
    entities: { type: 'string', default: '1000000' },
    one: { type: 'string', default: '2000' },
    all: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '3' },
    skip: { type: 'string', default: '' },
    child: { type: 'string' },
    'layout-only': { type: 'boolean', default: false },
    'serve-only': { type: 'boolean', default: false },
    'materialize-only': { type: 'boolean', default: false },
    sql: { type: 'string' },
  },
});

/** Body size of the last response the bench client received. */
let lastBytes = 0;
const HEADER_END = Buffer.from('\r\n\r\n');

if (opt.child === 'duckdb') await duckdbChild(opt.sql!);
else if (opt.child === 'client') await clientChild(opt.sql!);
else if (opt['layout-only']) await layoutOnly();
else if (opt['serve-only']) await serveOnly();
else await main();

type Timing = { wall_s: number; cpu_s: number };

/** Runs f, returning its result with wall and CPU seconds of this process. */
async function timed<T>(f: () => Promise<T>): Promise<[T, Timing]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await f();
  const c = process.cpuUsage(c0);
  return [r, { wall_s: +((performance.now() - t0) / 1000).toFixed(3), cpu_s: +((c.user + c.system) / 1e6).toFixed(3) }];
}

async function main(): Promise<void> {
  const skip = new Set(opt.skip.split(',').filter(Boolean));
  const root = await mkdtemp(join(tmpdir(), 'gq-store-bench-'));
  const out: Record<string, unknown> = { machine: `${cpus().length} vCPU, load ${loadavg().map((x) => x.toFixed(1)).join('/')}`, dataset: opt.dataset };
  const log = (k: string, v: unknown): void => { const x = { ...(v as object), load_after: loadavg().map((l) => +l.toFixed(1)) }; out[k] = x; console.log(k, JSON.stringify(x)); };
  let redis: ChildProcess | undefined;
  try {
    const config = buildConfig(join(root, 'gq.store.json'), { online: `sqlite:${join(root, 'online.db')}` });

    // 1. materialize, and gq run's own write of the same rows
    const [m, mt] = await timed(() => materialize(config, { dataset: opt.dataset }));
    log('materialize', { rows: m.rows, partitions: m.partitions, mib: +(m.bytes / 1048576).toFixed(1), phases_s: m.seconds, ...mt, offline_rows_per_s: Math.round(m.rows / m.seconds.offline) });
    const names = (await columnNames(opt.dataset)).filter((c) => c !== 'Code' && c !== 'Date' && !isTarget(c));
    const table = await readTable(opt.dataset, names, 2);
    const runCols = runColumns(table);
    const [, wt] = await timed(() => runWrite(runCols, table.rows, join(root, 'run-write.parquet')));
    log('gq_run_write', { rows: table.rows, ...wt, rows_per_s: Math.round(table.rows / wt.wall_s) });
    // Offline phase only, and end to end (reading the dataset, the partitions, the online store): rows/s over gq run's.
    log('materialize_vs_run_write', { ratio: +((table.rows / m.seconds.offline) / (table.rows / wt.wall_s)).toFixed(2), ratio_end_to_end: +(wt.wall_s / mt.wall_s).toFixed(2), cpu_ratio_end_to_end: +(wt.cpu_s / mt.cpu_s).toFixed(2) });
    if (opt['materialize-only']) { console.log(JSON.stringify(out)); return; }

    // 2. the latest day of every code into SQLite and Redis
    const manifest = await readManifest(localBackend((config.offline as { dir: string }).dir));
    let last = -Infinity;
    for (const d of table.date) if (d > last) last = d;
    const batch = manifest.views.map((v) => ({ view: v, ...latestRows(table, v, last, last) }));
    const latest: Record<string, unknown> = { codes: batch[0]!.rows.codes.length, views: batch.length };
    const sqliteDay = await openOnline({ kind: 'sqlite', path: join(root, 'latest.db') });
    latest.sqlite = (await timed(() => sqliteDay.write(batch)))[1];
    await sqliteDay.close();
    let redisPort = 0;
    if (!skip.has('redis') && spawnSync('redis-server', ['--version']).status === 0) {
      redisPort = 20000 + Math.floor(Math.random() * 20000);
      redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitRedis(redisPort);
      const r = await openOnline({ kind: 'redis', host: '127.0.0.1', port: redisPort, db: 0, url: '' });
      latest.redis = (await timed(() => r.write(batch)))[1];
      await r.close();
      latest.redis_layout = await redisLayout(redisPort, batch);
    }
    log('latest_day_into_online', latest);

    // 3. serving over HTTP from a gq store serve child
    const feats = manifest.views.flatMap((v) => v.features.map((f) => `${v.name}:${f}`));
    const codes = batch[0]!.rows.codes;
    const serving: Record<string, unknown> = { features: feats.length, codes: codes.length };
    const onlines: [string, string][] = [['sqlite', join(root, 'latest.db')]];
    if (redisPort > 0) onlines.push(['redis', `redis://127.0.0.1:${redisPort}/0`]);
    for (const [kind, where] of onlines) {
      const cfg = join(root, `serve-${kind}.json`);
      const { writeConfig } = await import('../store/config.ts');
      await writeConfig(cfg, join(root, 'offline'), kind === 'sqlite' ? `sqlite:${where}` : where);
      serving[kind] = await serve(cfg, feats, codes, kind === 'redis' ? redis?.pid : undefined);
    }
    log('serving', serving);

    // 4. the point-in-time join against DuckDB's ASOF JOIN
    if (!skip.has('history')) log('history', await history(config, table, Number(opt.entities), root));
  } finally {
    redis?.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
}

type Batch = { view: { name: string; features: string[] }; rows: { codes: string[]; values: Float64Array } }[];

/**
 * The Redis layout question of the issue, measured: one packed Float64 blob per (view, Code) as a field of a hash per
 * view (what gq uses; one HMGET per view), against one hash per (view, Code) with a field per feature (HGETALL per
 * view, values as text). Reads of one code's every feature, pipelined (one round trip), 2000 times each.
 */
async function redisLayout(port: number, batch: Batch): Promise<Record<string, unknown>> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ host: '127.0.0.1', port });
  try {
    const codes = batch[0]!.rows.codes;
    const p = client.pipeline();
    for (const { view, rows } of batch) {
      const w = view.features.length;
      rows.codes.forEach((c, i) => {
        const args: string[] = [];
        view.features.forEach((f, k) => args.push(f, String(rows.values[i * w + k])));
        p.hset(`bench:fields:${view.name}:${c}`, ...args);
      });
    }
    await p.exec();
    const blob = async (c: string): Promise<number> => {
      const q = client.pipeline();
      for (const { view } of batch) q.hmgetBuffer(`gq:online:${view.name}`, c);
      const r = (await q.exec())!;
      let n = 0;
      for (const [, v] of r) { const b = (v as (Buffer | null)[])[0]; if (b) n += new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)).length - 1; }
      return n;
    };
    const fields = async (c: string): Promise<number> => {
      const q = client.pipeline();
      for (const { view } of batch) q.hgetall(`bench:fields:${view.name}:${c}`);
      const r = (await q.exec())!;
      let n = 0;
      for (const [, v] of r) for (const x of Object.values(v as Record<string, string>)) if (Number.isFinite(Number(x)) || x === 'NaN') n++;
      return n;
    };
    const measure = async (f: (c: string) => Promise<number>): Promise<ReturnType<typeof pct>> => {
      for (let i = 0; i < 200; i++) await f(codes[i % codes.length]!);
      const ms: number[] = [];
      for (let i = 0; i < 2000; i++) { const t = performance.now(); await f(codes[i % codes.length]!); ms.push(performance.now() - t); }
      return pct(ms);
    };
    return { blob_per_view_code_ms: await measure(blob), hash_field_per_feature_ms: await measure(fields) };
  } finally {
    client.disconnect();
  }
}

/** Only the Redis layout measure, on 4000 made-up codes x 7 views x 10 features (a redis-server started here). */
async function layoutOnly(): Promise<void> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    await waitRedis(port);
    const rng = makePrng(3);
    const codes = Array.from({ length: 4000 }, (_, i) => String(1300 + i * 2).padEnd(5, '0'));
    const views = Array.from({ length: 7 }, (_, v) => ({ name: `v${v}`, features: Array.from({ length: 10 }, (_, f) => `f${v}_${f}`) }));
    const batch = views.map((view) => ({ view, rows: { codes, values: Float64Array.from({ length: codes.length * 10 }, () => rng.normal() * 100) } }));
    const r = await openOnline({ kind: 'redis', host: '127.0.0.1', port, db: 0, url: '' });
    await r.write(batch.map((b) => ({ view: { ...b.view, availableAfter: 990, ttlDays: 14 }, rows: { ...b.rows, days: new Int32Array(codes.length).fill(20000) }, stale: { codes: [], days: [] } })));
    await r.close();
    console.log(JSON.stringify({ machine: `${cpus().length} vCPU, load ${loadavg().map((x) => x.toFixed(1)).join('/')}`, redis_layout: await redisLayout(port, batch) }));
  } finally {
    redis.kill('SIGKILL');
  }
}

/** Only the serving measure, on 4000 made-up codes x 7 views x 10 features of random doubles, SQLite and Redis. */
async function serveOnly(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'gq-store-bench-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    await waitRedis(port);
    const rng = makePrng(5);
    const codes = Array.from({ length: 4000 }, (_, i) => String(1300 + i * 2).padEnd(5, '0'));
    const views = Array.from({ length: 7 }, (_, v) => ({ name: `v${v}`, features: Array.from({ length: 10 }, (_, f) => `f${v}_${f}`), availableAfter: 990, ttlDays: 14 }));
    const day = (d: number): ViewWrite[] => views.map((view) => ({ view, rows: { codes, days: new Int32Array(codes.length).fill(d), values: Float64Array.from({ length: codes.length * 10 }, () => (rng.next() < 0.05 ? Number.NaN : rng.normal() * 100)) }, stale: { codes: [], days: [] } }));
    const feats = views.flatMap((v) => v.features.map((f) => `${v.name}:${f}`));
    const out: Record<string, unknown> = { machine: `${cpus().length} vCPU, load ${loadavg().map((x) => x.toFixed(1)).join('/')}`, features: feats.length, codes: codes.length };
    const { writeConfig } = await import('../store/config.ts');
    for (const [kind, where] of [['sqlite', `sqlite:${join(root, 'online.db')}`], ['redis', `redis://127.0.0.1:${port}/0`]] as const) {
      const cfg = join(root, `${kind}.json`);
      const c = await writeConfig(cfg, join(root, 'offline'), where);
      const s = await openOnline(c.online);
      // The latest day of every code: into an empty store, then the next day over it (the daily case).
      const writes: Record<string, unknown> = {};
      for (const [name, d] of [['into_empty', 20000], ['over_previous_day', 20001]] as const) {
        const b = day(d);
        const r0 = kind === 'redis' ? procCpuSeconds(redis.pid!) : 0;
        const [, t] = await timed(() => s.write(b));
        writes[name] = { ...t, ...(kind === 'redis' ? { redis_server_cpu_s: +(procCpuSeconds(redis.pid!) - r0).toFixed(3) } : {}) };
      }
      out[`${kind}_latest_day`] = writes;
      console.log(`${kind}_latest_day`, JSON.stringify(writes));
      await s.close();
      out[kind] = await serve(cfg, feats, codes, kind === 'redis' ? redis.pid : undefined);
      console.log(kind, JSON.stringify(out[kind]));
    }
    console.log(JSON.stringify(out));
  } finally {
    redis.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  }
}

/** The table's columns over shared memory, as gq run holds its panel (copied before runWrite is timed). */
function runColumns(t: Awaited<ReturnType<typeof readTable>>): OutColumn[] {
  const code = sharedI32(t.rows);
  code.set(t.code);
  const date = sharedI32(t.rows);
  date.set(t.date);
  const cols: OutColumn[] = [{ name: 'Code', kind: 'dict', indices: code, dictionary: t.codes }, { name: 'Date', kind: 'date', values: date }];
  for (const [name, v] of Object.entries(t.columns)) {
    const s = sharedF64(t.rows, 0);
    s.set(v);
    cols.push({ name, kind: 'f64', values: s });
  }
  return cols;
}

/** gq run's write of these rows: one Parquet file through the encode pool, as pipeline/compute-and-write.ts does. */
async function runWrite(cols: OutColumn[], rows: number, path: string): Promise<void> {
  const pool = createEncodePool(availableParallelism());
  const sink = await openParquetSink(path);
  try {
    await pool.parquet(cols, rows, sink.layout, (g) => sink.appendEncoded(cols, [g]));
    await sink.close();
  } finally {
    await pool.close();
  }
}

async function waitRedis(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start');
}

/** Latencies of one-code and all-code requests, and requests/s at concurrency 10, against a gq store serve child,
 * measured by a client in its own process (raw keep-alive sockets, requests made in advance). */
async function serve(configFile: string, features: string[], codes: string[], redisPid?: number): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'cli', 'gq.ts'), 'store', 'serve', '--port', '0', '--store', configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stdout!.on('data', (d) => { text += d; const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(text); if (m) resolve(Number(m[1])); });
      child.on('exit', () => reject(new Error('gq store serve exited')));
    });
    const plan = join(tmpdir(), `gq-store-bench-plan-${process.pid}.json`);
    await writeFile(plan, JSON.stringify({ port, features, codes, one: Number(opt.one), all: Number(opt.all), seconds: Number(opt.seconds), pids: { server: child.pid, ...(redisPid === undefined ? {} : { redis: redisPid }) } }));
    const cpu0 = procCpuSeconds(child.pid!);
    const c = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const k = spawn(process.execPath, [import.meta.filename, '--child', 'client', '--sql', plan], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      k.stdout!.on('data', (d) => { text += d; });
      k.on('exit', (code) => (code === 0 ? resolve(JSON.parse(text.trim().split('\n').at(-1)!)) : reject(new Error(`client child exited ${code}`))));
    });
    await rm(plan, { force: true });
    return { ...c, server_cpu_s: +(procCpuSeconds(child.pid!) - cpu0).toFixed(3) };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Nanoseconds a live process has run and has waited for a core (Linux /proc/PID/schedstat; zeros without it). */
function schedstat(pid: number | 'self'): [number, number] {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return [run!, wait!];
  } catch {
    return [0, 0];
  }
}

/** User + system CPU seconds of a live process (Linux /proc). */
function procCpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** A keep-alive HTTP/1.1 connection sending prepared requests one at a time; resolves each with its latency (ms). */
function connection(port: number): Promise<(request: Buffer) => Promise<number>> {
  return new Promise((resolveConn, rejectConn) => {
    // Reads land in one reused buffer (no allocation per chunk): the client stays cheap next to the server.
    const scratch = Buffer.allocUnsafe(1 << 20);
    let head: Buffer | undefined;
    let want = -1;
    let got = 0;
    let t0 = 0;
    let done: ((ms: number) => void) | undefined;
    let fail: ((e: Error) => void) | undefined;
    const onChunk = (n: number, buf: Buffer): void => {
      if (want < 0) {
        // The header is read where it landed when it came whole (nearly always); else copied until it is whole.
        let from: Buffer = buf;
        let size = n;
        if (head !== undefined) { head = Buffer.concat([head, buf.subarray(0, n)]); from = head; size = head.length; }
        const found = from.indexOf(HEADER_END);
        const end = found >= 0 && found + 4 <= size ? found : -1;
        if (end < 0) { if (head === undefined) head = Buffer.from(buf.subarray(0, n)); return; }
        const text = from.toString('latin1', 0, end);
        if (!text.startsWith('HTTP/1.1 200')) { fail?.(new Error(text.split('\r\n')[0])); return; }
        want = Number(/content-length: *(\d+)/i.exec(text)![1]);
        got = size - end - 4;
        head = undefined;
      } else got += n;
      if (got >= want) { lastBytes = want; want = -1; const d = done!; done = undefined; d(performance.now() - t0); }
    };
    const socket = connect({ host: '127.0.0.1', port, noDelay: true, onread: { buffer: scratch, callback: (n: number, buf: Uint8Array) => { onChunk(n, buf as Buffer); return true; } } });
    socket.on('error', (e) => { fail?.(e); rejectConn(e); });
    socket.on('connect', () => resolveConn((request) => new Promise((resolve, reject) => {
      done = resolve;
      fail = reject;
      t0 = performance.now();
      socket.write(request);
    })));
  });
}

/** The client side of the serving bench, in its own process: prints latencies and requests/s as JSON. */
async function clientChild(planFile: string): Promise<void> {
  const p = JSON.parse(readFileSync(planFile, 'utf8')) as { port: number; features: string[]; codes: string[]; one: number; all: number; seconds: number; pids: Record<string, number> };
  const req = (body: string): Buffer => Buffer.from(`POST /get-online-features HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const ones = p.codes.map((c) => req(JSON.stringify({ features: p.features, entities: { Code: [c] } })));
  const all = req(JSON.stringify({ features: p.features, entities: { Code: p.codes } }));
  await new Promise((r) => setTimeout(r, 2500)); // the server reads and formats its views within ~1 s of starting
  const cpu0 = process.cpuUsage();
  const post = await connection(p.port);
  for (let i = 0; i < 1000; i++) await post(ones[i % ones.length]!); // warm-up (the server's JIT)
  // Each pattern is measured on its own: one code first, then all codes (whose 14 MB responses leave the server
  // garbage that would otherwise be collected in the middle of the one-code series).
  const procs: [string, number | 'self'][] = [['client', 'self'], ...Object.entries(p.pids)];
  const oneMs: number[] = [];
  const oneSeries = await watched(procs, p.one, oneMs, async () => { for (let i = 0; i < p.one; i++) oneMs.push(await post(ones[(1000 + i) % ones.length]!)); });
  const cold = await post(all); // no response cached yet: built from the rows' bytes (made ahead by the server) and written
  const allBytes = lastBytes;
  for (let i = 0; i < 3; i++) await post(all);
  const allMs: number[] = [];
  const allSeries = await watched(procs, p.all, allMs, async () => { for (let i = 0; i < p.all; i++) allMs.push(await post(all)); });
  const posts = await Promise.all(Array.from({ length: 10 }, () => connection(p.port)));
  let n = 0;
  const until = performance.now() + p.seconds * 1000;
  const t0 = performance.now();
  await Promise.all(posts.map(async (q, w) => { for (let i = w; performance.now() < until; i += 10) { await q(ones[i % ones.length]!); n++; } }));
  const rps = Math.round(n / ((performance.now() - t0) / 1000));
  const c = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ one_code_ms: pct(oneMs), one_code_series: oneSeries, all_codes_first_ms: +cold.toFixed(1), all_codes_ms: pct(allMs), all_codes_series: allSeries, all_codes_response_mib: +(allBytes / 1048576).toFixed(1), rps_concurrency_10: rps, client_cpu_s: +((c.user + c.system) / 1e6).toFixed(3) }));
  process.exit(0);
}

/**
 * Where a series' time goes besides the answers: each process's CPU and time waiting for a core per request
 * (schedstat), the client's own collector pauses, the load average before and after, and the requests over 1 ms.
 */
async function watched(procs: [string, number | 'self'][], n: number, ms: number[], series: () => Promise<void>): Promise<Record<string, unknown>> {
  const sched0 = procs.map(([, pid]) => schedstat(pid));
  const pauses: number[] = [];
  const gc = new PerformanceObserver((l) => { for (const e of l.getEntries()) pauses.push(e.duration); });
  gc.observe({ entryTypes: ['gc'] });
  const load0 = loadavg()[0]!;
  await series();
  gc.disconnect();
  return {
    load: [+load0.toFixed(2), +loadavg()[0]!.toFixed(2)],
    over_1ms: ms.filter((x) => x > 1).length,
    ...Object.fromEntries(procs.map(([name, pid], k) => {
      const [run, wait] = schedstat(pid);
      return [`${name}_us_per_request`, { cpu: +((run - sched0[k]![0]) / 1000 / n).toFixed(1), waiting_for_a_core: +((wait - sched0[k]![1]) / 1000 / n).toFixed(1) }];
    })),
    client_gc: { n: pauses.length, max_ms: +Math.max(0, ...pauses).toFixed(2), total_ms: +pauses.reduce((a, b) => a + b, 0).toFixed(2) },
  };
}

function pct(ms: number[]): { p50: number; p95: number; p99: number; n: number } {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number): number => +s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(3);
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), n: s.length };
}

/** gq's join and DuckDB's ASOF JOIN of `n` random entity rows, each reading the store and writing Parquet. */
async function history(config: StoreConfig, t: Awaited<ReturnType<typeof readTable>>, n: number, root: string): Promise<Record<string, unknown>> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of t.date) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
  const rng = makePrng(11);
  const times = [600, 900, 990, 1020, 1200];
  const stampDict: string[] = [];
  for (let d = lo; d <= hi + 10; d++) for (const m of times) stampDict.push(formatJst(jstInstant(d, m)));
  const code = new Int32Array(n);
  const stamp = new Int32Array(n);
  for (let i = 0; i < n; i++) { code[i] = rng.int(0, t.codes.length); stamp[i] = rng.int(0, stampDict.length); }
  const entities = join(root, 'entities.parquet');
  await writeParquet(entities, [{ name: 'Code', kind: 'dict', indices: code, dictionary: t.codes }, { name: 'event_timestamp', kind: 'dict', indices: stamp, dictionary: stampDict }]);
  const gqOut = join(root, 'training-gq.parquet');
  const [r, gt] = await timed(async () => {
    const e = await readEntities(entities);
    const h = await getHistoricalFeatures(config, e);
    await writeTraining(gqOut, h);
    return h;
  });
  const views = [...new Set(r.refs.map((x) => x.view))];
  if (views.some((v) => v.availableAfter !== views[0]!.availableAfter || v.ttlDays !== views[0]!.ttlDays)) throw new Error('the bench joins views of one availability and TTL');
  const v0 = views[0]!;
  const duckOut = join(root, 'training-duckdb.parquet');
  const cols = r.refs.map((x) => `CASE WHEN e.ts - s.avail <= INTERVAL (${v0.ttlDays}) DAY THEN s."${x.feature}"::DOUBLE END AS "${x.feature}"`).join(', ');
  const sql = `COPY (SELECT e.Code, e.event_timestamp, ${cols}
    FROM (SELECT row_number() OVER () AS i, Code, event_timestamp, event_timestamp::TIMESTAMPTZ AS ts FROM read_parquet('${entities}')) AS e
    ASOF LEFT JOIN (SELECT *, (Date::TIMESTAMP - INTERVAL 9 HOUR + INTERVAL (${v0.availableAfter}) MINUTE)::TIMESTAMPTZ AS avail
      FROM read_parquet('${(config.offline as { dir: string }).dir}/**/*.parquet', hive_partitioning = true)) AS s
    ON e.Code = s.Code AND e.ts >= s.avail ORDER BY e.i) TO '${duckOut}' (FORMAT parquet, COMPRESSION zstd)`;
  const duck = await new Promise<{ wall_s: number; cpu_s: number; version: string }>((resolve, reject) => {
    const c = spawn(process.execPath, [import.meta.filename, '--child', 'duckdb', '--sql', sql], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    c.stdout!.on('data', (d) => { text += d; });
    c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(text.trim().split('\n').at(-1)!)) : reject(new Error(`duckdb child exited ${code}`))));
  });
  // values compared: every feature of every row
  const a = await readParquetColumns(gqOut, undefined, { threads: 2 });
  const b = await readParquetColumns(duckOut, undefined, { threads: 2 });
  let mismatches = 0;
  let nonNull = 0;
  for (const x of r.refs) {
    const va = (a.columns[x.feature] as { values: Float64Array }).values;
    const vb = (b.columns[x.feature] as { values: Float64Array }).values;
    for (let i = 0; i < n; i++) {
      if (!Object.is(va[i], vb[i]) && !(Number.isNaN(va[i]!) && Number.isNaN(vb[i]!))) mismatches++;
      if (!Number.isNaN(va[i]!)) nonNull++;
    }
  }
  return {
    entities: n, features: r.refs.length, store_rows: t.rows,
    gq: { ...gt, read_s: r.seconds.read, join_s: r.seconds.join }, duckdb: duck,
    speedup_wall: +(duck.wall_s / gt.wall_s).toFixed(2), values_compared: n * r.refs.length, non_null: nonNull, mismatches,
  };
}

/** The DuckDB side of the join, in its own process: prints wall and CPU seconds as JSON. */
async function duckdbChild(sql: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run("SET TimeZone = 'UTC'");
  const [, t] = await timed(async () => { await db.run(sql); });
  const version = String((await db.runAndReadAll('SELECT version()')).getRows()[0]![0]);
  console.log(JSON.stringify({ ...t, version }));
}
