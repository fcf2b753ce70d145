import { appendFileSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDiskCache } from '../../../io/jquants/cache/disk-cache.ts';
import { dayOf } from '../../../engine/dates.ts';
import { tempDir } from './helpers.ts';

const ORIGIN = 'http://127.0.0.1:1234/v2';
const D = dayOf(2026, 11, 20);
const meta = (day: number, finalThrough = day) => ({ endpoint: 'bars' as const, series: '*', from: day, to: day, finalThrough, fetchedAt: 1 });

describe('disk cache', () => {
  it('stores pieces as files listed in the manifest and reads them back in a new process', async () => {
    const dir = tempDir('disk');
    const c = await openDiskCache(dir, ORIGIN);
    await c.write(meta(D), [{ Code: '72030', Date: '2026-11-20' }], 'date=2026-11-20');
    await c.close();
    expect(readFileSync(join(dir, 'bars', 'all_2026-11-20.json'), 'utf8')).toContain('"query":"date=2026-11-20"');
    const again = await openDiskCache(dir, ORIGIN.replace('1234', '9999')); // any loopback port is the same origin
    const [p] = again.pieces('bars', '*');
    expect(p).toMatchObject({ from: D, rows: 1 });
    expect(await again.read(p!)).toEqual([{ Code: '72030', Date: '2026-11-20' }]);
    await again.close();
  });

  it('ignores a torn last manifest line and a listed piece whose file is gone', async () => {
    const dir = tempDir('disk');
    const c = await openDiskCache(dir, ORIGIN);
    await c.write(meta(D), [{ a: 1 }], 'q');
    await c.write(meta(D - 1), [{ a: 2 }], 'q');
    await c.close();
    appendFileSync(join(dir, 'manifest.ndjson'), '{"key":"bars|*|2048'); // a kill mid-append
    unlinkSync(join(dir, 'bars', 'all_2026-11-19.json'));
    const again = await openDiskCache(dir, ORIGIN);
    expect(again.pieces('bars', '*').map((p) => p.from)).toEqual([D]);
    await again.close();
  });

  it('a refetched piece replaces the old one; a wider final piece drops the pieces it contains', async () => {
    const dir = tempDir('disk');
    const c = await openDiskCache(dir, ORIGIN);
    await c.write(meta(D, D - 1), [{ v: 'early' }], 'q');
    await c.write(meta(D), [{ v: 'final' }], 'q');
    const [p] = c.pieces('bars', '*');
    expect(await c.read(p!)).toEqual([{ v: 'final' }]);
    await c.write({ endpoint: 'bars', series: '72030', from: D - 3, to: D - 2, finalThrough: D - 2, fetchedAt: 1 }, [], 'q');
    await c.write({ endpoint: 'bars', series: '72030', from: D - 5, to: D, finalThrough: D, fetchedAt: 2 }, [], 'q');
    expect(c.pieces('bars', '72030').map((x) => [x.from, x.to])).toEqual([[D - 5, D]]);
    await c.close();
  });

  it('refuses a cache filled from another API origin, naming both', async () => {
    const dir = tempDir('disk');
    writeFileSync(join(dir, 'manifest.ndjson'), '{"gqRawCache":1,"origin":"https://api.jquants.com"}\n');
    await expect(openDiskCache(dir, ORIGIN)).rejects.toThrow(/holds data from https:\/\/api\.jquants\.com, but the client fetches from http:\/\/loopback/);
  });
});
