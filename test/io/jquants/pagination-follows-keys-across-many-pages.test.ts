import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barsToColumns } from '../../../io/jquants/columns.ts';
import { createClient } from '../../../io/jquants/client.ts';
import { startStandin, type Standin } from '../../../io/jquants/standin/server.ts';
import type { SampleMarket } from '../../../io/sample/market.ts';
import { fastClient, smallMarket, spanOf } from './helpers.ts';

let m: SampleMarket;
let s: Standin;

beforeAll(async () => {
  m = smallMarket();
  s = await startStandin({ market: m, pageSize: 3 });
});
afterAll(async () => {
  await s.close();
});

/** Every market row between two days, checked field by field against fetched columns. */
function expectSameBars(records: Parameters<typeof barsToColumns>[0], codes: readonly string[] | null): void {
  const got = barsToColumns(records);
  const want = new Map<string, number>();
  for (let i = 0; i < m.bars.rows; i++) {
    const code = m.bars.codes[m.bars.code[i]!]!;
    if (codes === null || codes.includes(code)) want.set(`${code}|${m.bars.date[i]}`, i);
  }
  expect(got.rows).toBe(want.size);
  const seen = new Set<string>();
  for (let j = 0; j < got.rows; j++) {
    const key = `${got.codes[got.code[j]!]}|${got.date[j]}`;
    expect(seen.has(key), `duplicate row ${key}`).toBe(false);
    seen.add(key);
    const i = want.get(key);
    expect(i, `unexpected row ${key}`).toBeDefined();
    for (const col of ['open', 'high', 'low', 'close', 'volume', 'turnover', 'adjFactor'] as const) {
      expect(Object.is(got[col][j], m.bars[col][i!]) || got[col][j] === m.bars[col][i!], `${col} of ${key}`).toBe(true);
    }
    expect(got.upperLimit[j]).toBe(m.bars.upperLimit[i!]);
    expect(got.adjClose![j]).toEqual(m.bars.adjClose![i!]);
  }
}

describe('pagination', () => {
  it('follows pagination_key until it is absent and returns every row of every day exactly once', async () => {
    const client = createClient(fastClient(s.url));
    const before = s.stats.byRoute['/equities/bars/daily'] ?? 0;
    const r = await client.fetchDailyBars(spanOf(m));
    await client.close();
    expect(r.plan.strategy).toBe('per-day');
    expect(r.plan.requests).toBe(m.days.length);
    const pages = (s.stats.byRoute['/equities/bars/daily'] ?? 0) - before;
    // 20 codes a day at 3 records a page: 7 pages a day (fewer on days with IPOs or delistings still to come).
    expect(pages).toBeGreaterThan(5 * m.days.length);
    expectSameBars(r.records, null);
  });

  it('pages per code too, when a few codes over many days is the cheaper plan', async () => {
    const codes = [m.bars.codes[2]!, m.bars.codes[11]!];
    const client = createClient(fastClient(s.url));
    const r = await client.fetchDailyBars({ ...spanOf(m), codes });
    await client.close();
    expect(r.plan.strategy).toBe('per-code');
    expect(r.plan.requests).toBe(2);
    expectSameBars(r.records, codes);
  });
});
