import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawBarsFromRecords } from '../../../engine/raw-from-records.ts';
import { openDiskCache } from '../../../io/jquants/cache/disk-cache.ts';
import { fileReader } from '../../../io/jquants/cache/file-reader.ts';
import { decodePieceColumns, encodePieceColumns } from '../../../io/jquants/cache/piece-columns.ts';
import type { RawBars } from '../../../engine/raw-bars.ts';

const dir = mkdtempSync(join(tmpdir(), 'gq-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const raw = rawBarsFromRecords([
  { Date: '2024-01-04', Code: '72030', O: 10, H: 12, L: 9, C: 11, UL: '1', LL: '0', Vo: 100, Va: 1100, AdjFactor: 1, AdjO: 10, AdjH: 12, AdjL: 9, AdjC: 11, AdjVo: 100 },
  { Date: '2024-01-05', Code: '130A0', O: null, H: null, L: null, C: 7.5, UL: '0', LL: '1', Vo: null, Va: null, AdjFactor: 0.5, AdjO: null, AdjH: null, AdjL: null, AdjC: 3.8, AdjVo: null },
]);

describe('the cache file reader', () => {
  it('gives each file its own bytes whether the buffer grows or a shorter file follows a longer one', () => {
    const r = fileReader();
    const files = [3, 70_000, 5, 0, 200_001].map((n, i) => {
      const path = join(dir, `f${i}`);
      writeFileSync(path, Buffer.from(Array.from({ length: n }, (_, j) => (j * 7 + i) % 251)));
      return path;
    });
    for (const path of files) expect(Buffer.compare(r.bytes(path), readFileSync(path))).toBe(0);
  });

  it('decodes ASCII and UTF-8 text as readFile does (Japanese names, a replacement character for a broken byte)', () => {
    const r = fileReader();
    const ascii = join(dir, 'a.json');
    const utf8 = join(dir, 'u.json');
    const broken = join(dir, 'b.json');
    writeFileSync(ascii, '{"data":[{"Code":"72030","C":1.5}]}');
    writeFileSync(utf8, '{"data":[{"CoName":"サンプル72030","S33Nm":"銀行業"}]}');
    writeFileSync(broken, Buffer.concat([Buffer.from('"a'), Buffer.from([0xe3, 0x81]), Buffer.from('b"')]));
    expect(r.text(ascii)).toEqual({ text: '{"data":[{"Code":"72030","C":1.5}]}', ascii: true });
    expect(r.text(utf8)).toEqual({ text: '{"data":[{"CoName":"サンプル72030","S33Nm":"銀行業"}]}', ascii: false });
    expect(r.text(broken).text).toBe(readFileSync(broken, 'utf8'));
    expect(r.text(broken).text).toBe('"a\uFFFDb"');
  });

  it('throws for a missing file', () => {
    expect(() => fileReader().bytes(join(dir, 'nope'))).toThrow(/ENOENT/);
  });
});

describe('columns read in place', () => {
  it('are views of the reader\'s buffer, and a sidecar torn short is refused instead of read past its end', () => {
    const bytes = encodePieceColumns(raw, 99);
    const big = new Uint8Array(bytes.length + 64);
    big.set(bytes);
    const back = decodePieceColumns(big.subarray(0, bytes.length), 99, {})!;
    expect(back.close.buffer).toBe(big.buffer);
    expect([...back.close]).toEqual([11, 7.5]);
    expect([...back.lowerLimit]).toEqual([0, 1]);
    expect(decodePieceColumns(big.subarray(0, bytes.length - 8), 99, {})).toBeNull(); // the last 8 bytes hold data (the rest is padding)
    expect(decodePieceColumns(bytes.subarray(0, bytes.length - 8), 99)).toBeNull();
  });

  it('share the code list of the previous piece when it lists the same codes, and only then', () => {
    const state = {};
    const other = rawBarsFromRecords([{ Date: '2024-01-05', Code: '13010', O: 1, H: 1, L: 1, C: 1, UL: '0', LL: '0', Vo: 1, Va: 1, AdjFactor: 1 }]);
    const first = decodePieceColumns(encodePieceColumns(raw, 1), 1, state)!;
    const second = decodePieceColumns(encodePieceColumns(raw, 2), 2, state)!;
    const third = decodePieceColumns(encodePieceColumns(other, 3), 3, state)!;
    expect(second.codes).toBe(first.codes);
    expect(second.codes).toEqual(['72030', '130A0']);
    expect([...second.close]).toEqual([11, 7.5]);
    expect(second.rows).toBe(2);
    expect(third.codes).toEqual(['13010']);
    expect(third.adjClose).toBeUndefined();
    expect(decodePieceColumns(encodePieceColumns(raw, 4), 5, state)).toBeNull(); // another fetch, same codes
  });

  it('are handed to the caller by the disk cache only while it runs, and a piece without a sidecar says so', async () => {
    const cache = await openDiskCache(join(dir, 'cache'), 'https://api.jquants.com/v2');
    const p = await cache.write({ endpoint: 'bars', series: '*', from: 19726, to: 19726, finalThrough: 19726, fetchedAt: 99 }, [], 'date=2024-01-04');
    const seen: number[] = [];
    expect(await cache.useColumns(p, () => seen.push(1))).toBe(false);
    await cache.writeColumns(p, raw);
    let copy: RawBars | undefined;
    expect(await cache.useColumns(p, (r) => { copy = { ...r, close: r.close.slice() }; })).toBe(true);
    expect([...copy!.close]).toEqual([11, 7.5]);
    expect(copy!.codes).toEqual(['72030', '130A0']);
    expect(seen).toEqual([]);
    const owned = (await cache.readColumns(p))!;
    expect([...owned.adjClose!]).toEqual([11, 3.8]);
    await cache.close();
  });
});
