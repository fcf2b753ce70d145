/**
 * Fetch bench: a first backfill of daily bars from the local J-Quants stand-in paced as the Light plan (60 requests a
 * minute on both sides), through bulk files and through by-date requests. The stand-in (plan window Premium, so ten
 * years are allowed; no Premium session columns) runs in a child process so client and server do not share one core,
 * and builds its files before the clock starts (the real service serves them ready-made).
 *   bulk path:    measured end to end (fetchDailyBarsColumns, as `gq run` calls it), then a cached re-run.
 *   request path: running ~2,500 x pages requests at 60 a minute takes hours, so it is measured on the last `--slice`
 *                 business days and extrapolated from the planner's request count (x pages per day) at the measured
 *                 seconds per request; the printout says which figure is measured and which is estimated.
 * `--unpaced 1` runs the earlier bench instead: `--codes` x `--days` by date with pacing off.
 * Run: node bench/fetch.bench.ts [--codes 4000] [--years 10] [--slice 15] [--page 1000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createClient, type ClientOptions } from '../io/jquants/client.ts';
import { barsToColumns } from '../io/jquants/columns.ts';
import { benchArgs, peakRssMiB } from './args.ts';

const a = benchArgs({ codes: 4000, years: 10, slice: 15, page: 1000, unpaced: 0, days: 250 });
const BUSINESS_DAYS_A_YEAR = 245;
const CONCURRENCY = 4;
const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));

type Info = { url: string; from: string; to: string; sliceFrom: string; rows: number; days: number; warmMs: number };
type ServerStats = { requests: number; byRoute: Record<string, number>; byStatus: Record<string, number>; bulk: { downloads: number; bytes: number; withApiKey: number } };

/** Starts the stand-in child; `paced` = Light's 60 a minute and bulk files built up front. */
function startChild(days: number, paced: boolean): { next: () => Promise<unknown>; send: (m: string) => void; kill: () => void } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', `
    const { generateMarket } = await import(${JSON.stringify(`file://${root('io/sample/market.ts')}`)});
    const { startStandin } = await import(${JSON.stringify(`file://${root('io/jquants/standin/server.ts')}`)});
    const market = generateMarket({ codes: ${a.codes}, days: ${days}, seed: 42 });
    const paced = ${paced};
    const s = await startStandin({ market, plan: paced ? 'premium' : 'standard', sessions: false, pageSize: ${a.page},
      rateLimit: paced ? 60 : false, finsRateLimit: false, lockoutMs: 0 });
    const d = market.days;
    const iso = (x) => new Date(x * 86400000).toISOString().slice(0, 10);
    const t0 = performance.now();
    if (paced) await (await fetch(s.url + '/bulk/list?endpoint=/equities/bars/daily', { headers: { 'x-api-key': 'warm-up' } })).json();
    const warmMs = Math.round(performance.now() - t0);
    s.resetStats();
    console.log(JSON.stringify({ url: s.url, from: iso(d[0]), to: iso(d[d.length - 1]), sliceFrom: iso(d[Math.max(0, d.length - ${a.slice})]), rows: market.bars.rows, days: d.length, warmMs }));
    process.on('message', () => {
      console.log(JSON.stringify({ requests: s.stats.requests, byRoute: s.stats.byRoute, byStatus: s.stats.byStatus, bulk: s.bulkStats }));
      s.resetStats();
    });
  `], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    next: async () => JSON.parse((await lines.next()).value as string),
    send: (m) => child.send(m),
    kill: () => child.kill(),
  };
}

if (a.unpaced === 1) await unpacedBench();
else await bulkBench();

async function bulkBench(): Promise<void> {
  const days = a.years * BUSINESS_DAYS_A_YEAR;
  const child = startChild(days, true);
  const info = await child.next() as Info;
  const server = async (): Promise<ServerStats> => { child.send('stats'); return await child.next() as ServerStats; };
  const dirs: string[] = [];
  const options = (bulk: ClientOptions['bulk']): ClientOptions => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-fetch-bench-'));
    dirs.push(dir);
    return { apiKey: 'bench-key', baseUrl: info.url, plan: 'light', concurrency: CONCURRENCY, cacheDir: dir, bulk };
  };
  try {
    // Bulk path, measured.
    const bulkOptions = options('auto');
    const c1 = createClient(bulkOptions);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r1 = await c1.fetchDailyBarsColumns({ from: info.from, to: info.to });
    const bulkMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const bulkRequests = c1.stats().requests;
    await c1.close();
    const s1 = await server();

    // Cached re-run.
    const c2 = createClient(bulkOptions);
    const t1 = performance.now();
    const r2 = await c2.fetchDailyBarsColumns({ from: info.from, to: info.to });
    const cachedMs = performance.now() - t1;
    const cachedRequests = c2.stats().requests;
    await c2.close();
    const s2 = await server();

    // Request path on a slice, measured; the whole range estimated from it.
    const c3 = createClient(options('off'));
    const t2 = performance.now();
    const r3 = await c3.fetchDailyBarsColumns({ from: info.sliceFrom, to: info.to });
    const sliceMs = performance.now() - t2;
    const sliceRequests = c3.stats().requests;
    await c3.close();
    const s3 = await server();
    const sliceBars = s3.byRoute['/equities/bars/daily'] ?? 0;
    const pagesPerDay = sliceBars / r3.plan.requests;
    const firstPages = r1.plan.bulk?.requestPlan.requests ?? r1.plan.requests;
    const msPerRequest = sliceMs / sliceRequests;
    const estRequests = Math.round(firstPages * pagesPerDay);
    const estMs = estRequests * msPerRequest;

    const out = {
      bench: 'fetch-bulk', codes: a.codes, businessDays: info.days, rows: r1.bars.rows, marketRows: info.rows, plan: 'light (60/min)', pageSize: a.page,
      standinWarmMs: info.warmMs,
      bulk: {
        strategy: r1.plan.strategy, files: r1.plan.bulk?.files ?? 0, mbytes: +((s1.bulk.bytes) / 1e6).toFixed(1),
        requests: bulkRequests, barsRequests: (s1.byRoute['/bulk/list'] ?? 0) + (s1.byRoute['/bulk/get'] ?? 0) + (s1.byRoute['/equities/bars/daily'] ?? 0),
        calendarRequests: s1.byRoute['/markets/calendar'] ?? 0, serverRequests: s1.requests, byRoute: s1.byRoute, status429: s1.byStatus['429'] ?? 0,
        downloads: s1.bulk.downloads, keyOnFileHost: s1.bulk.withApiKey, wallMs: Math.round(bulkMs),
        clientCpuMs: Math.round((cpu.user + cpu.system) / 1000), pacingFloorMs: Math.round((bulkRequests - 1) * 1020),
        loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(1)), peakRssMiB: await peakRssMiB(),
      },
      cachedRerun: { requests: cachedRequests, serverRequests: s2.requests, rows: r2.bars.rows, wallMs: Math.round(cachedMs) },
      requestsMeasured: { days: r3.plan.days, requests: sliceRequests, barsRequests: sliceBars, pagesPerDay: +pagesPerDay.toFixed(2), wallMs: Math.round(sliceMs), msPerRequest: Math.round(msPerRequest), rows: r3.bars.rows },
      requestsEstimated: { firstPages, requests: estRequests, wallMs: Math.round(estMs), minutes: +(estMs / 60_000).toFixed(1), how: 'planner first pages x measured pages per day x measured ms per request' },
    };
    console.log(`bulk path (measured): ${out.rows} rows (${a.codes} codes x ${info.days} business days) in ${out.bulk.requests} API requests `
      + `(${out.bulk.barsRequests} for bars: 1 list + ${out.bulk.files} signed URLs; ${out.bulk.calendarRequests} calendar), ${out.bulk.downloads} file downloads, `
      + `${out.bulk.mbytes} MB gzip, ${(out.bulk.wallMs / 1000).toFixed(1)} s wall (client CPU ${(out.bulk.clientCpuMs / 1000).toFixed(1)} s; `
      + `pacing alone needs ${(out.bulk.pacingFloorMs / 1000).toFixed(1)} s; load average ${out.bulk.loadAverage.join(' ')} on ${(await import('node:os')).availableParallelism()} cores)`);
    console.log(`cached re-run (measured): ${cachedRequests} requests, ${(cachedMs / 1000).toFixed(1)} s`);
    console.log(`request path (measured on the last ${r3.plan.days} days): ${sliceRequests} requests in ${(sliceMs / 1000).toFixed(1)} s = ${out.requestsMeasured.msPerRequest} ms a request, ${out.requestsMeasured.pagesPerDay} pages a day`);
    console.log(`request path (ESTIMATED for the whole range): ${firstPages} by-date requests x ${out.requestsMeasured.pagesPerDay} pages = ${estRequests} requests, ~${out.requestsEstimated.minutes} min`);
    console.log(JSON.stringify(out));
  } finally {
    child.kill();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** The earlier bench: by-date requests with pacing off, then a cached re-run and the column conversion. */
async function unpacedBench(): Promise<void> {
  const child = startChild(a.days, false);
  const info = await child.next() as Info;
  const dir = mkdtempSync(join(tmpdir(), 'gq-fetch-bench-'));
  const options: ClientOptions = { apiKey: 'bench-key', baseUrl: info.url, plan: 'standard', pacing: false, concurrency: CONCURRENCY, cacheDir: dir };
  try {
    const client = createClient(options);
    const t0 = performance.now();
    const r = await client.fetchDailyBars({ from: info.from, to: info.to });
    const wallMs = performance.now() - t0;
    const stats = client.stats();
    await client.close();
    const again = createClient(options);
    const t1 = performance.now();
    const r2 = await again.fetchDailyBars({ from: info.from, to: info.to });
    const cachedMs = performance.now() - t1;
    const cachedRequests = again.stats().requests;
    await again.close();
    const t2 = performance.now();
    const cols = barsToColumns(r.records);
    const columnsMs = performance.now() - t2;
    const out = {
      bench: 'fetch', codes: a.codes, days: a.days, rows: r.records.length, marketRows: info.rows, plan: r.plan.strategy, firstPages: r.plan.requests,
      requests: stats.requests, mbytes: +(stats.bytes / 1e6).toFixed(1), concurrency: CONCURRENCY, pageSize: a.page,
      wallMs: Math.round(wallMs), rowsPerSec: Math.round(r.records.length / (wallMs / 1000)),
      cachedRerunMs: Math.round(cachedMs), cachedRerunRequests: cachedRequests, cachedRows: r2.records.length,
      columnsMs: Math.round(columnsMs), columnRows: cols.rows,
    };
    console.log(`fetched ${out.rows} rows (${out.codes} codes x ${out.days} days) in ${out.requests} requests (${out.firstPages} ${out.plan} + pages), ${out.mbytes} MB gzip`);
    console.log(`wall ${out.wallMs} ms, ${out.rowsPerSec} rows/s (pacing off, ${CONCURRENCY} in flight, pages of ${a.page})`);
    console.log(`cached re-run: ${out.cachedRerunRequests} requests, ${out.cachedRerunMs} ms; barsToColumns: ${out.columnsMs} ms`);
    console.log(JSON.stringify(out));
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
