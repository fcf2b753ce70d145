import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../../engine/dates.ts';
import { createClient, type Client } from '../../../io/jquants/client.ts';
import { startStandin, type Standin } from '../../../io/jquants/standin/server.ts';
import type { SampleMarket } from '../../../io/sample/market.ts';
import { rowsOnDay } from '../../../io/sample/records.ts';
import { canonical, fastClient, smallMarket, spanOf, tempDir } from './helpers.ts';

let m: SampleMarket;
let s: Standin;
beforeAll(async () => {
  m = smallMarket();
  s = await startStandin({ market: m, pageSize: 9 });
});
afterAll(async () => {
  await s.close();
});

/** Everything the client can fetch, as one canonical string per endpoint. */
async function fetchAll(c: Client): Promise<string[]> {
  const span = spanOf(m);
  const codes = [m.bars.codes[0]!, m.bars.codes[5]!];
  return [
    canonical((await c.fetchDailyBars(span)).records),
    canonical((await c.fetchDailyBars({ ...span, codes })).records),
    canonical((await c.fetchTopix(span)).records),
    canonical((await c.fetchMaster({ date: span.to })).records),
    canonical((await c.fetchCalendar(span)).records),
    canonical((await c.fetchInvestorTypes(span)).records, 'PubDate'),
    canonical((await c.fetchMarginInterest(span)).records),
    canonical((await c.fetchMarginAlert({ ...span, codes })).records, 'PubDate'),
    canonical((await c.fetchFinsSummary(span)).records, 'DiscDate'),
    canonical((await c.fetchFinsDividend(span)).records, 'PubDate'),
  ];
}

describe('raw cache', () => {
  it('a second run over a cached range makes zero requests and returns the same records', async () => {
    const dir = tempDir('rerun');
    // Fetched once every day of the span is final: 2026-12-07 09:00 JST is after the weekly margin of the last week
    // (reference day 11-20) and any investor-type correction dated 11-20 can have been published.
    const now = (): number => Date.parse('2026-12-07T00:00:00Z');
    const first = createClient(fastClient(s.url, { cacheDir: dir, now }));
    const a = await fetchAll(first);
    await first.close();
    expect(a[0]!.length).toBeGreaterThan(0);
    const before = s.stats.requests;
    const second = createClient(fastClient(s.url, { cacheDir: dir, now }));
    const b = await fetchAll(second);
    await second.close();
    expect(s.stats.requests - before).toBe(0);
    expect(second.stats().requests).toBe(0);
    expect(b).toEqual(a);
  });

  it('today\'s data before the 16:30 JST update is not final: the next run refetches that day only', async () => {
    const dir = tempDir('refresh');
    const last = m.days[m.days.length - 1]!;
    // 15:00 JST on the market's last day = 06:00 UTC.
    const early = () => Date.parse(`${formatDay(last)}T06:00:00Z`);
    const late = () => Date.parse(`${formatDay(last)}T08:00:00Z`); // 17:00 JST
    const span = spanOf(m);
    const c1 = createClient(fastClient(s.url, { cacheDir: dir, now: early }));
    await c1.fetchDailyBars(span);
    await c1.close();

    const c2 = createClient(fastClient(s.url, { cacheDir: dir, now: early }));
    const plan = await c2.planDailyBars(span);
    await c2.close();
    expect(plan.requests).toBe(1);
    expect(plan.tasks[0]!.params).toEqual({ date: span.to });

    const c3 = createClient(fastClient(s.url, { cacheDir: dir, now: late }));
    const before = s.stats.byRoute['/equities/bars/daily'] ?? 0;
    await c3.fetchDailyBars(span);
    await c3.close();
    expect((s.stats.byRoute['/equities/bars/daily'] ?? 0) - before).toBe(Math.ceil(rowsOnDay(m, last).length / 9)); // pages of 9

    const c4 = createClient(fastClient(s.url, { cacheDir: dir, now: late }));
    expect((await c4.planDailyBars(span)).requests).toBe(0);
    await c4.close();
  });
});
