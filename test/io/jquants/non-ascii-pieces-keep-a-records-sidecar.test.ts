import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDiskCache } from '../../../io/jquants/cache/disk-cache.ts';
import { decodePieceRecords, encodePieceRecords } from '../../../io/jquants/cache/piece-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'gq-recs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The reference is JSON.parse of this text: the sidecar must give back exactly what parsing the piece gives.
const TEXT = '[{"Date":"2024-01-04","Code":"72030","CoName":"サンプル72030","S33":"3700","Sales":-0,"Big":1e21,"Ratio":0.1,"X":null,"Ok":true,"No":false},'
  + '{"Code":"130A0","Date":"2024-01-04","PubReason":{"Restricted":"0","DailyPublication":"1"},"List":[1,"a",null],"Ratio":"*","2":"two","1":1},'
  + '{"Date":"2024-01-04","Code":"13010","CoName":"サンプル13010","S33":"3700","Sales":5e-324,"Big":-1.7976931348623157e308,"Ratio":0.30000000000000004,"X":null,"Ok":false,"No":true}]';

describe('the records sidecar of a piece', () => {
  it('gives back the parsed records: values, -0, key order, nested objects and arrays', () => {
    const records = JSON.parse(TEXT) as Record<string, unknown>[];
    const back = decodePieceRecords(encodePieceRecords(records, 7)!, 7)!;
    expect(back).toEqual(JSON.parse(TEXT));
    expect(back.map((r) => Object.keys(r))).toEqual(records.map((r) => Object.keys(r)));
    expect(Object.is(back[0]!.Sales, -0)).toBe(true);
    expect(back[1]!.PubReason).not.toBe(back[0]); // a fresh object per record, as JSON.parse gives
  });

  it('keeps only the fields asked for, in the record\'s key order', () => {
    const back = decodePieceRecords(encodePieceRecords(JSON.parse(TEXT) as Record<string, unknown>[], 7)!, 7, ['S33', 'Code', 'Date'])!;
    expect(back).toEqual([{ Date: '2024-01-04', Code: '72030', S33: '3700' }, { Code: '130A0', Date: '2024-01-04' }, { Date: '2024-01-04', Code: '13010', S33: '3700' }]);
    expect(Object.keys(back[1]!)).toEqual(['Code', 'Date']);
  });

  it('is ignored when it belongs to another fetch or is torn, and is not made for what JSON cannot hold', () => {
    const bytes = encodePieceRecords(JSON.parse(TEXT) as Record<string, unknown>[], 7)!;
    expect(decodePieceRecords(bytes, 8)).toBeNull();
    expect(decodePieceRecords(bytes.subarray(0, bytes.length - 8), 7)).toBeNull();
    expect(encodePieceRecords([{ a: undefined }], 7)).toBeNull();
    expect(encodePieceRecords(JSON.parse('[{"__proto__":{"x":1}}]') as Record<string, unknown>[], 7)).toBeNull();
  });

  it('reads in place from a view at any offset of a larger buffer', () => {
    const bytes = encodePieceRecords(JSON.parse(TEXT) as Record<string, unknown>[], 7)!;
    for (const off of [0, 3, 8]) {
      const big = new Uint8Array(bytes.length + 16);
      big.set(bytes, off);
      expect(decodePieceRecords(big.subarray(off, off + bytes.length), 7)).toEqual(JSON.parse(TEXT));
    }
  });
});

describe('the disk cache', () => {
  it('derives a sidecar for a non-ASCII piece on its first read, reads it next time, and drops it on a refetch', async () => {
    const cacheDir = join(dir, 'cache');
    const records = JSON.parse(TEXT) as Record<string, unknown>[];
    const stored = JSON.parse(JSON.stringify(records)) as unknown[]; // what the piece file holds (-0 is written as 0)
    let cache = await openDiskCache(cacheDir, 'https://api.jquants.com/v2');
    const p = await cache.write({ endpoint: 'master', series: '*', from: 19726, to: 19726, finalThrough: 19726, fetchedAt: 1000 }, records, 'date=2024-01-04');
    const ascii = await cache.write({ endpoint: 'master', series: '*', from: 19727, to: 19727, finalThrough: 19727, fetchedAt: 1000 }, [{ Code: '72030', S33: '3700' }], 'date=2024-01-05');
    await cache.close();
    const sidecar = join(cacheDir, `${p.file}.recs`);
    expect(existsSync(sidecar)).toBe(false); // a cache as the previous version wrote it

    cache = await openDiskCache(cacheDir, 'https://api.jquants.com/v2');
    expect(await cache.read(p)).toEqual(stored);
    expect(existsSync(sidecar)).toBe(true);
    expect(await cache.read(p)).toEqual(stored);
    expect(await cache.read(ascii)).toEqual([{ Code: '72030', S33: '3700' }]);
    expect(existsSync(join(cacheDir, `${ascii.file}.recs`))).toBe(false);

    // The sidecar is what the next read uses: a marked one (same fetch) shows through; the JSON piece stays the truth.
    writeFileSync(sidecar, encodePieceRecords([{ Code: 'from-sidecar' }], 1000)!);
    expect(await cache.read(p)).toEqual([{ Code: 'from-sidecar' }]);
    expect(await cache.read(p, ['Code', 'S33'])).toEqual([{ Code: 'from-sidecar' }]);

    // Refetched (a new fetchedAt): the old sidecar is ignored and made again from the new piece.
    const again = await cache.write({ endpoint: 'master', series: '*', from: 19726, to: 19726, finalThrough: 19726, fetchedAt: 2000 }, records.slice(0, 1), 'date=2024-01-04');
    expect(await cache.read(again, ['Code', 'S33'])).toEqual([{ Code: '72030', S33: '3700' }]);
    expect(await cache.read(again)).toEqual(stored.slice(0, 1));
    await cache.close();
  });
});
