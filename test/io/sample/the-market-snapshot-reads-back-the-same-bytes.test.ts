import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import { generateMarket, type SampleMarket } from '../../../io/sample/market.ts';
import { readMarketSnapshot, writeMarketSnapshot } from '../../../io/sample/market-snapshot.ts';
import { generateMarketOnThread } from '../../../io/sample/market-thread.ts';

const o = { codes: 40, days: 60, seed: 7 };
const dir = mkdtempSync(join(tmpdir(), 'gq-market-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every part of the market, typed arrays as their bytes (so NaN payloads and -0 count). */
function bytesOf(m: SampleMarket): unknown {
  const arrays = (x: object): Record<string, unknown> => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, ArrayBuffer.isView(v) ? `${v.constructor.name}:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}` : v]));
  return { ...arrays(m), bars: arrays(m.bars), topix: arrays(m.topix) };
}

describe('the sample market snapshot', () => {
  it('reads back the market it was written from, every byte, bars columns read on first use', () => {
    const m = generateMarket(o);
    const path = join(dir, 'a.bin');
    writeMarketSnapshot(path, m, o);
    const back = readMarketSnapshot(path, o)!;
    expect(back).not.toBeNull();
    expect(Object.getOwnPropertyDescriptor(back.bars, 'close')!.get).toBeTypeOf('function');
    expect(bytesOf(back)).toEqual(bytesOf(m));
    expect(Object.getOwnPropertyDescriptor(back.bars, 'close')!.value).toBeInstanceOf(Float64Array);
    expect(back.bars.adjClose).toBeInstanceOf(Float64Array);
  });

  it('is ignored when made with other options, when torn, when not a snapshot, and when absent', () => {
    const m = generateMarket(o);
    const path = join(dir, 'b.bin');
    writeMarketSnapshot(path, m, o);
    expect(readMarketSnapshot(path, { ...o, seed: 8 })).toBeNull();
    expect(readMarketSnapshot(path, { ...o, days: 61 })).toBeNull();
    expect(readMarketSnapshot(path, { ...o, withAdjusted: false })).toBeNull();
    const whole = readFileSync(path);
    truncateSync(path, whole.length - 8);
    expect(readMarketSnapshot(path, o)).toBeNull();
    writeFileSync(path, whole.subarray(0, 100));
    expect(readMarketSnapshot(path, o)).toBeNull();
    writeFileSync(path, '{"not":"a snapshot"}');
    expect(readMarketSnapshot(path, o)).toBeNull();
    expect(readMarketSnapshot(join(dir, 'none.bin'), o)).toBeNull();
  });

  it('refuses to read a column from a file replaced since it was opened', () => {
    const path = join(dir, 'c.bin');
    writeMarketSnapshot(path, generateMarket(o), o);
    const back = readMarketSnapshot(path, o)!;
    writeMarketSnapshot(path, generateMarket({ ...o, codes: 41 }), { ...o, codes: 41 });
    expect(() => back.bars.close).toThrow(/replaced/);
  });

  it('is written by the market thread when asked, leaving no temp file', async () => {
    const path = join(dir, 'd.bin');
    const t = generateMarketOnThread(o, path);
    const m = await t.market;
    await t.cancel();
    expect(bytesOf(readMarketSnapshot(path, o)!)).toEqual(bytesOf(m));
    expect(readdirSync(dir).filter((f) => f.startsWith('.d.bin'))).toEqual([]);
  });

  it('serves the stand-in as the market itself does', async () => {
    const path = join(dir, 'f.bin');
    writeMarketSnapshot(path, generateMarket(o), o);
    const fromSnapshot = await startStandin({ port: 0, market: () => readMarketSnapshot(path, o)!, rateLimit: false });
    const direct = await startStandin({ port: 0, market: generateMarket(o), rateLimit: false });
    try {
      const get = async (url: string, q: string): Promise<unknown> => (await fetch(`${url}${q}`, { headers: { 'x-api-key': 'k' } })).json();
      for (const q of ['/equities/bars/daily?date=2026-11-20', '/markets/margin-interest?date=2026-11-20', '/equities/master?date=2026-11-20', '/indices/bars/daily/topix?from=2026-09-01&to=2026-11-20']) {
        const a = await get(fromSnapshot.url, q);
        expect((a as { data: unknown[] }).data.length).toBeGreaterThan(10);
        expect(a).toEqual(await get(direct.url, q));
      }
    } finally {
      await fromSnapshot.close();
      await direct.close();
    }
  });
});
