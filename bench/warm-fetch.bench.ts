/**
 * Warm-fetch bench: the fetch phase of `gq run --families all` (loadSource) alone, from a warm raw cache, with wall,
 * process CPU and main-thread CPU, the load, and a SHA-256 digest of everything it loaded (bars columns, TOPIX,
 * master rows, event records), so that two versions of the code can be compared value for value.
 * Run it with the CLI's tunable: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node bench/warm-fetch.bench.ts
 *   [--root DIR] (the checkout whose code runs; default this one) [--cache-dir DIR] [--codes 4000] [--days 1100]
 *   [--digest 0] (skip the digest) [--repeat N]
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1]!;
};
const root = resolve(arg('root', new URL('..', import.meta.url).pathname));
const cacheDir = resolve(arg('cache-dir', '/tmp/gq-bench/cache'));
const codes = Number(arg('codes', '4000'));
const days = Number(arg('days', '1100'));
const digest = arg('digest', '1') !== '0';
const repeat = Number(arg('repeat', '1'));

const mod = (p: string): Promise<Record<string, unknown>> => import(pathToFileURL(`${root}/${p}`).href);
const { parseRunOptions } = await mod('pipeline/run-options.ts') as { parseRunOptions: (...a: unknown[]) => unknown };
const { loadSource } = await mod('pipeline/load-source.ts') as { loadSource: (o: unknown, bus: unknown) => Promise<Record<string, unknown>> };
const { createBus } = await mod('pipeline/events.ts') as { createBus: () => { on(t: string, f: (x: unknown) => void): void } };

const flags = { families: 'all', sampleCodes: codes, sampleDays: days, format: 'parquet', cacheDir, output: '/tmp/wf/unused', sample: true };
const o = parseRunOptions(flags, {}, process.cwd(), [], false);

for (let r = 0; r < repeat; r++) {
  const bus = createBus();
  const before = loadavg()[0]!.toFixed(2);
  const cpu0 = process.cpuUsage();
  const th0 = process.threadCpuUsage();
  const t0 = performance.now();
  const loaded = await loadSource(o, bus);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const th = process.threadCpuUsage(th0);
  const raw = loaded.raw as Record<string, unknown> & { rows: number };
  console.log(JSON.stringify({
    root, wall: +wall.toFixed(2), cpu: +((cpu.user + cpu.system) / 1e6).toFixed(2), mainCpu: +((th.user + th.system) / 1e6).toFixed(2),
    load: `${before}/${loadavg()[0]!.toFixed(2)}`, rows: raw.rows, requests: loaded.requests,
    digest: digest ? digestOf(loaded) : undefined,
  }));
}

/** SHA-256 over the loaded data: typed arrays as bytes, everything else as JSON (NaN-safe: bytes, not values). */
function digestOf(l: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const h = (x: unknown): string => {
    const s = createHash('sha256');
    const walk = (v: unknown): void => {
      if (ArrayBuffer.isView(v)) { s.update(`[${v.constructor.name}:${v.byteLength}]`); s.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)); return; }
      if (v instanceof Map) { s.update('Map'); for (const [k, e] of v) { walk(k); walk(e); } return; }
      if (Array.isArray(v)) { s.update(`A${v.length}`); for (const e of v) walk(e); return; }
      if (v !== null && typeof v === 'object') { for (const k of Object.keys(v).sort()) { s.update(`k:${k}`); walk((v as Record<string, unknown>)[k]); } return; }
      s.update(`${typeof v}:${String(v)};`);
    };
    walk(x);
    return s.digest('hex').slice(0, 16);
  };
  const raw = l.raw as Record<string, unknown>;
  for (const k of Object.keys(raw).sort()) out[`raw.${k}`] = h(raw[k]);
  out.topix = h(l.topix);
  out.master = h(l.master);
  out.calendar = h((l.calendar as { disagreements?: unknown }).disagreements ?? null);
  const ev = l.events as { records: Record<string, unknown[]>; sources: Record<string, Record<string, unknown>> } | undefined;
  if (ev !== undefined) {
    for (const k of Object.keys(ev.records).sort()) out[`events.${k}`] = h(ev.records[k]);
    // A source's request count differs with the cache's state (not the data): left out.
    out.sources = h(Object.fromEntries(Object.entries(ev.sources).map(([k, s]) => [k, { ...s, requests: undefined }])));
  }
  out.range = h(l.range);
  out.origin = h(l.origin);
  return out;
}
