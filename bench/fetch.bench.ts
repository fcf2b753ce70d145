/**
 * Fetch bench: 4,000 codes x 250 business days of daily bars from the local J-Quants stand-in, pacing off,
 * through the real client (pagination, gzip, validation, disk raw cache). The stand-in runs in a child
 * process so client and server do not share one core. Prints requests, wall time and rows/s, then a cached
 * re-run (zero requests expected) and the column conversion; the last line is one JSON object.
 * Run: node bench/fetch.bench.ts [codes] [days]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createClient } from '../io/jquants/client.ts';
import { barsToColumns } from '../io/jquants/columns.ts';

const codes = Number(process.argv[2] ?? 4000);
const days = Number(process.argv[3] ?? 250);
const PAGE = 1000;
const CONCURRENCY = 4;

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const child = spawn(process.execPath, ['--input-type=module', '-e', `
  const { generateMarket } = await import(${JSON.stringify(`file://${root('io/sample/market.ts')}`)});
  const { startStandin } = await import(${JSON.stringify(`file://${root('io/jquants/standin/server.ts')}`)});
  const market = generateMarket({ codes: ${codes}, days: ${days}, seed: 42 });
  const s = await startStandin({ market, plan: 'standard', pageSize: ${PAGE}, rateLimit: false, finsRateLimit: false });
  const d = market.days;
  const iso = (x) => new Date(x * 86400000).toISOString().slice(0, 10);
  console.log(JSON.stringify({ url: s.url, from: iso(d[0]), to: iso(d[d.length - 1]), rows: market.bars.rows }));
  process.on('message', () => { console.log(JSON.stringify({ requests: s.stats.requests, byStatus: s.stats.byStatus })); s.close().then(() => process.exit(0)); });
`], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
const nextJson = async (): Promise<any> => JSON.parse((await lines.next()).value as string);
const info = await nextJson() as { url: string; from: string; to: string; rows: number };

const dir = mkdtempSync(join(tmpdir(), 'gq-fetch-bench-'));
const options = { apiKey: 'bench-key', baseUrl: info.url, plan: 'standard' as const, pacing: false, concurrency: CONCURRENCY, cacheDir: dir };
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

  child.send('stats');
  const server = await nextJson() as { requests: number; byStatus: Record<string, number> };
  const out = {
    bench: 'fetch', codes, days, rows: r.records.length, marketRows: info.rows, plan: r.plan.strategy, firstPages: r.plan.requests,
    requests: stats.requests, serverRequests: server.requests, mbytes: +(stats.bytes / 1e6).toFixed(1), concurrency: CONCURRENCY, pageSize: PAGE,
    wallMs: Math.round(wallMs), rowsPerSec: Math.round(r.records.length / (wallMs / 1000)),
    cachedRerunMs: Math.round(cachedMs), cachedRerunRequests: cachedRequests, cachedRows: r2.records.length,
    columnsMs: Math.round(columnsMs), columnRows: cols.rows,
  };
  console.log(`fetched ${out.rows} rows (${out.codes} codes x ${out.days} days) in ${out.requests} requests (${out.firstPages} ${out.plan} + pages), ${out.mbytes} MB gzip`);
  console.log(`wall ${out.wallMs} ms, ${out.rowsPerSec} rows/s (pacing off, ${CONCURRENCY} in flight, pages of ${PAGE})`);
  console.log(`cached re-run: ${out.cachedRerunRequests} requests, ${out.cachedRerunMs} ms; barsToColumns: ${out.columnsMs} ms`);
  console.log(JSON.stringify(out));
} finally {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
