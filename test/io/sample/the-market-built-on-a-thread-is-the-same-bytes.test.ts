import { describe, expect, it } from 'vitest';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import { generateMarket, type SampleMarket } from '../../../io/sample/market.ts';
import { generateMarketOnThread } from '../../../io/sample/market-thread.ts';

const o = { codes: 40, days: 60, seed: 7 };

/** Every typed array of the market as plain numbers, and its other parts as they are. */
function plain(m: SampleMarket): unknown {
  const arrays = (x: object): Record<string, unknown> => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, ArrayBuffer.isView(v) ? [...(v as Float64Array)] : v]));
  return { ...arrays(m), bars: arrays(m.bars), topix: arrays(m.topix) };
}

describe('the sample market built on a worker thread', () => {
  it('is the market generateMarket builds, every value and NaN included', async () => {
    const t = generateMarketOnThread(o);
    const m = await t.market;
    expect(m.bars.close).toBeInstanceOf(Float64Array);
    expect(plain(m)).toEqual(plain(generateMarket(o)));
    expect(Buffer.from(m.bars.close.buffer).equals(Buffer.from(generateMarket(o).bars.close.buffer))).toBe(true);
    await t.cancel();
  });

  it('can be cancelled before it is done, and a stand-in given it answers as with the market itself', async () => {
    const gone = generateMarketOnThread({ codes: 3000, days: 1000 });
    await gone.cancel();
    await expect(gone.market).rejects.toThrow(/cancelled/);

    const t = generateMarketOnThread(o);
    const fromThread = await startStandin({ port: 0, market: () => t.market, rateLimit: false });
    const direct = await startStandin({ port: 0, market: generateMarket(o), rateLimit: false });
    try {
      const get = async (url: string): Promise<unknown> => (await fetch(`${url}/equities/bars/daily?date=2026-11-20`, { headers: { 'x-api-key': 'k' } })).json();
      const a = await get(fromThread.url);
      expect((a as { data: unknown[] }).data.length).toBeGreaterThan(30);
      expect(a).toEqual(await get(direct.url));
    } finally {
      await fromThread.close();
      await direct.close();
      await t.cancel();
    }
  });
});
