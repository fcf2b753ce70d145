import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawBars } from '../../../engine/raw-bars.ts';
import { rawBuilder } from '../../../engine/raw-builder.ts';
import { rawBarsFromRecords } from '../../../engine/raw-from-records.ts';
import { createClient } from '../../../io/jquants/client.ts';
import { assembleColumnsOnThread } from '../../../io/jquants/cache/columns-thread.ts';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import { fastClient, smallMarket, spanOf, tempDir } from './helpers.ts';

/** Every column as its bytes, and the codes, in row order. */
function bytesOf(b: RawBars): Record<string, unknown> {
  return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : v]));
}

describe('daily bars of a warm cache assembled on a thread', () => {
  it('are the bytes the main thread assembles, with sidecars missing, torn or of another fetch read from the JSON', async () => {
    const m = smallMarket(12, 80);
    const s = await startStandin({ port: 0, market: m, pageSize: 500 });
    try {
      const q = { ...spanOf(m), codes: undefined };
      const cacheDir = tempDir('thread-cols');
      const cold = createClient(fastClient(s.url, { cacheDir }));
      const fromRequests = await cold.fetchDailyBarsColumns(q); // fresh pieces: assembled on the main thread
      await cold.close();
      const bars = join(cacheDir, 'bars');
      const sidecars = readdirSync(bars).filter((f) => f.endsWith('.cols')).sort();
      expect(sidecars.length).toBe(80);
      rmSync(join(bars, sidecars[3]!));
      truncateSync(join(bars, sidecars[10]!), 100);
      const other = readFileSync(join(bars, sidecars[20]!));
      writeFileSync(join(bars, sidecars[20]!), Buffer.from(other.toString('latin1').replace(/"fetchedAt":\d/, '"fetchedAt":9'), 'latin1'));
      const warm = createClient(fastClient(s.url, { cacheDir }));
      const cached = await warm.fetchDailyBarsColumns(q);
      await warm.close();
      expect(cached.requests).toBe(0);
      expect(cached.bars.rows).toBe(m.bars.rows);
      expect(bytesOf(cached.bars)).toEqual(bytesOf(fromRequests.bars));
      expect(readFileSync(join(bars, sidecars[10]!)).length).toBeGreaterThan(100); // rewritten from the JSON
    } finally {
      await s.close();
    }
  });

  it('keep only the rows dated on the days each piece gives, within the range, as the main thread does', async () => {
    const m = smallMarket(6, 70);
    const s = await startStandin({ port: 0, market: m, pageSize: 500 });
    try {
      const cacheDir = tempDir('thread-keep');
      const c = createClient(fastClient(s.url, { cacheDir }));
      await c.fetchDailyBarsColumns({ ...spanOf(m), codes: undefined });
      await c.close();
      const files = readdirSync(join(cacheDir, 'bars')).filter((f) => f.endsWith('.json')).sort();
      const parts = files.map((f) => {
        const text = readFileSync(join(cacheDir, 'bars', f), 'utf8');
        const fetchedAt = Date.parse(JSON.parse(text).fetchedAt as string);
        const day = Math.round(Date.parse(f.slice(4, 14)) / 86_400_000);
        return { file: join(cacheDir, 'bars', f), fetchedAt, days: [day], records: JSON.parse(text).data };
      });
      parts[5]!.days = []; // a piece that owns none of its rows
      const from = parts[2]!.days[0]!;
      const to = parts[60]!.days[0]!;
      const want = rawBuilder();
      for (const p of parts) {
        const raw = rawBarsFromRecords(p.records);
        const keep = raw.date.map((d) => (d >= from && d <= to && p.days.includes(d) ? 1 : 0));
        want.appendColumns(raw, Uint8Array.from(keep));
      }
      const got = await assembleColumnsOnThread({ parts: parts.map(({ file, fetchedAt, days }) => ({ file, fetchedAt, days })), from, to, expect: m.bars.rows });
      const w = want.finish();
      expect(w.rows).toBeLessThan(m.bars.rows - 6 * 5);
      expect(got.kept).toBe(w.rows);
      expect(bytesOf(got.bars)).toEqual(bytesOf(w));
      await expect(assembleColumnsOnThread({ parts: [{ file: join(cacheDir, 'bars', 'none.json'), fetchedAt: 1, days: [] }], from, to, expect: 0 })).rejects.toThrow(/cannot read cached piece .*none\.json/);
    } finally {
      await s.close();
    }
  });
});
