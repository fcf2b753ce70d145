import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../../../io/jquants/client.ts';
import { startStandin, type Standin } from '../../../io/jquants/standin/server.ts';
import type { SampleMarket } from '../../../io/sample/market.ts';
import { allFiles, canonical, fastClient, smallMarket, spanOf, tempDir } from './helpers.ts';

// 15 codes x 70 business days ending 2026-11-20: four past months as monthly files, November as daily files.
let m: SampleMarket;
let s: Standin;
beforeAll(async () => {
  m = smallMarket(15, 70);
  s = await startStandin({ market: m, pageSize: 40, today: '2026-11-20' });
});
afterAll(async () => { await s.close(); });

const opts = (dir: string, extra: Partial<ClientOptions> = {}): ClientOptions => fastClient(s.url, { cacheDir: dir, ...extra });

/** The bars pieces of a cache folder: file name -> its records, without the query and fetch time. */
function barPieces(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(join(dir, 'bars'))) {
    if (!f.endsWith('.json')) continue;
    out.set(f, JSON.stringify((JSON.parse(readFileSync(join(dir, 'bars', f), 'utf8')) as { data: unknown }).data));
  }
  return out;
}

describe('bulk files', () => {
  it('give the same records and the same per-day cache pieces as by-date requests', async () => {
    const span = spanOf(m);
    const byRequest = tempDir('bulk-req');
    const r1 = createClient(opts(byRequest, { bulk: 'off' }));
    const viaRequests = await r1.fetchDailyBars(span);
    await r1.close();
    expect(viaRequests.plan.strategy).toBe('per-day');

    const byFile = tempDir('bulk-file');
    const routesBefore = { ...s.stats.byRoute };
    const downloadsBefore = s.bulkStats.downloads;
    const b1 = createClient(opts(byFile, { bulk: 'always' }));
    const viaFiles = await b1.fetchDailyBars(span);
    await b1.close();
    expect(viaFiles.plan.strategy).toBe('bulk');
    expect(canonical(viaFiles.records)).toBe(canonical(viaRequests.records));
    // The same pieces (one per business day, every code), holding the same records in the same order.
    expect(barPieces(byFile)).toEqual(barPieces(byRequest));
    // One list, one signed URL per file, no by-date bars request; the files went to the file host without the key.
    const files = s.bulkStats.downloads - downloadsBefore;
    // The market runs 2026-08-07..2026-11-20: Aug, Sep, Oct as monthly files and November as its 14 daily files.
    expect(files).toBe(3 + 14);
    expect((s.stats.byRoute['/bulk/list'] ?? 0) - (routesBefore['/bulk/list'] ?? 0)).toBe(1);
    expect((s.stats.byRoute['/bulk/get'] ?? 0) - (routesBefore['/bulk/get'] ?? 0)).toBe(files);
    expect(s.stats.byRoute['/equities/bars/daily'] ?? 0).toBe(routesBefore['/equities/bars/daily'] ?? 0);
    expect(s.bulkStats.withApiKey).toBe(0);
    // Nothing of a download is left behind: no file, no .part.
    expect(readdirSync(join(byFile, 'bulk-downloads'))).toEqual([]);
  });

  it('a re-run with the files cached makes no request at all', async () => {
    const dir = tempDir('bulk-rerun');
    const span = spanOf(m);
    const first = createClient(opts(dir, { bulk: 'always' }));
    const a = await first.fetchDailyBars(span);
    await first.close();
    const api = s.stats.requests;
    const downloads = s.bulkStats.downloads;
    const again = createClient(opts(dir, { bulk: 'always' }));
    const b = await again.fetchDailyBars(span);
    await again.close();
    expect(again.stats().requests).toBe(0);
    expect(s.stats.requests).toBe(api);
    expect(s.bulkStats.downloads).toBe(downloads);
    expect(b.plan.strategy).toBe('cached');
    expect(canonical(b.records)).toBe(canonical(a.records));
  });

  it('never writes the API key or a signed URL into the cache', async () => {
    const dir = tempDir('bulk-secret');
    const c = createClient(opts(dir, { bulk: 'always' }));
    await c.fetchDailyBars(spanOf(m));
    await c.close();
    for (const f of allFiles(dir)) {
      expect(f.text.includes('test-key-0123456789'), f.path).toBe(false);
      expect(f.text.includes('signature='), f.path).toBe(false);
    }
    expect(existsSync(join(dir, 'manifest.ndjson'))).toBe(true);
  });
});
