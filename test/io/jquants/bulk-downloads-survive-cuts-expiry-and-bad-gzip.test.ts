import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadPath } from '../../../io/jquants/bulk/fetch-bulk.ts';
import { createClient, type ClientOptions } from '../../../io/jquants/client.ts';
import { startStandin, type Standin, type StandinOptions } from '../../../io/jquants/standin/server.ts';
import type { SampleMarket } from '../../../io/sample/market.ts';
import { canonical, fastClient, smallMarket, spanOf, tempDir } from './helpers.ts';

let m: SampleMarket;
let want: string;
const BASE: Partial<StandinOptions> = { pageSize: 50, today: '2026-11-20' };
beforeAll(async () => {
  m = smallMarket(12, 60);
  const s = await startStandin({ market: m, ...BASE });
  const c = createClient(fastClient(s.url, { bulk: 'off' }));
  want = canonical((await c.fetchDailyBars(spanOf(m))).records);
  await c.close();
  await s.close();
});

let open: Standin[] = [];
afterAll(async () => { await Promise.all(open.map((s) => s.close())); });
async function standin(bulk: StandinOptions['bulk']): Promise<Standin> {
  const s = await startStandin({ market: m, ...BASE, bulk });
  open.push(s);
  return s;
}
const opts = (s: Standin, dir: string, extra: Partial<ClientOptions> = {}): ClientOptions => fastClient(s.url, { cacheDir: dir, bulk: 'always', ...extra });

describe('bulk downloads', () => {
  it('resume a cut download, fetch a new URL after a 403 and re-read a short gzip, and give the same records', async () => {
    const s = await standin({ faults: ['cut', 'expired', 'truncated-gzip', 'cut'] });
    const dir = tempDir('bulk-faults');
    const c = createClient(opts(s, dir));
    const r = await c.fetchDailyBars(spanOf(m));
    await c.close();
    expect(canonical(r.records)).toBe(want);
    expect(s.bulkStats.byStatus.cut).toBe(2);
    expect(s.bulkStats.byStatus['403']).toBe(1);
    expect(s.bulkStats.byStatus['truncated-gzip']).toBe(1);
    // What a cut or short download left on disk is continued (Range: bytes=N-), not fetched again from the start.
    expect(s.bulkStats.ranged).toBeGreaterThanOrEqual(1);
    // The expired URL was replaced by a fresh /bulk/get: one more URL than files.
    // The market runs 2026-08-24..2026-11-20: Aug, Sep, Oct as monthly files, November as 14 daily files.
    expect(s.stats.byRoute['/bulk/get']).toBe(3 + 14 + 1);
    expect(readdirSync(join(dir, 'bulk-downloads'))).toEqual([]);
  });

  it('a half download left by a killed run resumes from its last byte in the next run', async () => {
    const s = await standin(undefined);
    const dir = tempDir('bulk-resume');
    // The first half of the first monthly file, as a killed run leaves it.
    const list = await (await fetch(`${s.url}/bulk/list?endpoint=/equities/bars/daily`, { headers: { 'x-api-key': 'test-key-0123456789' } })).json() as { data: { Key: string }[] };
    const key = list.data[0]!.Key;
    const { url } = await (await fetch(`${s.url}/bulk/get?key=${key}`, { headers: { 'x-api-key': 'test-key-0123456789' } })).json() as { url: string };
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    mkdirSync(join(dir, 'bulk-downloads'), { recursive: true });
    writeFileSync(`${downloadPath(join(dir, 'bulk-downloads'), key)}.part`, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const ranged = s.bulkStats.ranged;
    const c = createClient(opts(s, dir));
    const r = await c.fetchDailyBars(spanOf(m));
    await c.close();
    expect(canonical(r.records)).toBe(want);
    expect(s.bulkStats.ranged - ranged).toBe(1);
    expect(readdirSync(join(dir, 'bulk-downloads'))).toEqual([]);
  });

  it('a URL that expires before every download fails with a clear error and caches nothing of it', async () => {
    const s = await standin({ ttlMs: -1 });
    const dir = tempDir('bulk-expired');
    const c = createClient(opts(s, dir, { retries: 2 }));
    await expect(c.fetchDailyBars(spanOf(m))).rejects.toThrow(/could not download bulk file [a-z0-9/]+\/equities_bars_daily_\d+\.csv\.gz after 5 attempts: the signed URL was refused \(403: expired\)/);
    await c.close();
    expect(existsSync(join(dir, 'bars'))).toBe(false);
    expect(readdirSync(join(dir, 'bulk-downloads'))).toEqual([]);
  });

  it('a file whose gzip is cut on the host is downloaded again, then reported; none of its days is cached', async () => {
    const s = await standin({ brokenKeys: ['equities/bars/daily/historical/2026/equities_bars_daily_202609.csv.gz'] });
    const dir = tempDir('bulk-broken');
    const c = createClient(opts(s, dir));
    await expect(c.fetchDailyBars(spanOf(m))).rejects.toThrow(/bulk file equities\/bars\/daily\/historical\/2026\/equities_bars_daily_202609\.csv\.gz of \/equities\/bars\/daily could not be read after 3 download\(s\).*--no-bulk/);
    await c.close();
    const cached = existsSync(join(dir, 'bars')) ? readdirSync(join(dir, 'bars')) : [];
    expect(cached.filter((f) => f.startsWith('all_2026-09'))).toEqual([]);
    expect(readdirSync(join(dir, 'bulk-downloads')).filter((f) => f.includes('202609'))).toEqual([]);
    // The next run with --no-bulk gets every day by date.
    const again = createClient(opts(s, dir, { bulk: 'off' }));
    expect(canonical((await again.fetchDailyBars(spanOf(m))).records)).toBe(want);
    await again.close();
  });
});
