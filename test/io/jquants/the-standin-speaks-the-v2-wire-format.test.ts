import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin, type StandinOptions } from '../../../io/jquants/standin/server.ts';
import { generateMarket, type SampleMarket } from '../../../io/sample/market.ts';
import { rowsOnDay } from '../../../io/sample/records.ts';
import { dayOf } from '../../../engine/dates.ts';
import { smallMarket } from './helpers.ts';

let m: SampleMarket;
const open: Standin[] = [];
beforeAll(() => {
  m = smallMarket();
});
afterAll(async () => {
  for (const s of open) await s.close();
});
async function standin(o: Partial<StandinOptions> = {}): Promise<Standin> {
  const s = await startStandin({ market: m, ...o });
  open.push(s);
  return s;
}

type Raw = { status: number; headers: Record<string, unknown>; body: Buffer; json: () => any };
async function get(s: Standin, pathAndQuery: string, headers: Record<string, string> = { 'x-api-key': 'k' }): Promise<Raw> {
  const url = pathAndQuery.startsWith('/v') ? s.url.replace(/\/v2$/, '') + pathAndQuery : s.url + pathAndQuery;
  const r = await request(url, { headers });
  const body = Buffer.from(await r.body.arrayBuffer());
  const json = () => JSON.parse((r.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'));
  return { status: r.statusCode, headers: r.headers, body, json };
}

const BAR_KEYS = ['Date', 'Code', 'O', 'H', 'L', 'C', 'UL', 'LL', 'Vo', 'Va', 'AdjFactor', 'AdjO', 'AdjH', 'AdjL', 'AdjC', 'AdjVo'];

describe('stand-in wire format', () => {
  it('pages a day of bars with opaque, changing keys and drops the key on the last page', async () => {
    const s = await standin({ pageSize: 4, plan: 'standard' });
    const day = '2026-11-20';
    const want = rowsOnDay(m, dayOf(2026, 11, 20)).length;
    let q = `/equities/bars/daily?date=${day}`;
    const keys: string[] = [];
    let total = 0;
    for (;;) {
      const r = await get(s, q);
      expect(r.status).toBe(200);
      const j = r.json();
      for (const rec of j.data) expect(Object.keys(rec)).toEqual(BAR_KEYS);
      total += j.data.length;
      if (!('pagination_key' in j)) {
        expect(Object.keys(j)).toEqual(['data']);
        break;
      }
      expect(Object.keys(j)).toEqual(['data', 'pagination_key']);
      expect(j.data).toHaveLength(4);
      expect(j.pagination_key).toMatch(/^[0-9a-z]+\.[0-9a-z]+\.$/);
      keys.push(j.pagination_key);
      q = `/equities/bars/daily?date=${day}&pagination_key=${encodeURIComponent(j.pagination_key)}`;
    }
    expect(total).toBe(want);
    expect(new Set(keys).size).toBe(keys.length);
    const foreign = await get(s, `/equities/bars/daily?date=2026-11-19&pagination_key=${encodeURIComponent(keys[0]!)}`);
    expect(foreign.status).toBe(400);
  });

  it('Premium answers carry the morning/afternoon keys; other plans omit them (not null)', async () => {
    const prem = await standin({ plan: 'premium' });
    const rec = (await get(prem, `/equities/bars/daily?code=${m.bars.codes[0]}&date=2026-11-20`)).json().data[0];
    for (const k of ['MO', 'MH', 'ML', 'MC', 'MUL', 'MLL', 'MVo', 'MVa', 'MAdjC', 'AO', 'AC', 'AVo', 'AAdjVo']) expect(rec).toHaveProperty(k);
    expect(Object.keys(rec)).toHaveLength(16 + 26);
  });

  it('gzips when asked, and only then', async () => {
    const s = await standin();
    const zipped = await get(s, '/indices/bars/daily/topix', { 'x-api-key': 'k', 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.json().data.length).toBe(m.days.length);
    const plain = await get(s, '/indices/bars/daily/topix');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString()).data.length).toBe(m.days.length);
  });

  it('answers 403 with the documented bodies for no key, a wrong key and an unknown path; 410 on V1', async () => {
    const s = await standin({ key: 'right' });
    expect((await get(s, '/equities/master', {})).json()).toEqual({ message: 'The api key is required.' });
    const wrong = await get(s, '/equities/master', { 'x-api-key': 'wrong' });
    expect([wrong.status, wrong.json()]).toEqual([403, { message: 'The incoming api key is invalid or expired.' }]);
    const nowhere = await get(s, '/equities/nowhere', { 'x-api-key': 'right' });
    expect([nowhere.status, nowhere.json()]).toEqual([403, { message: 'The requested endpoint does not exist.' }]);
    const v1 = await get(s, '/v1/prices/daily_quotes?code=72030', { 'x-api-key': 'right' });
    expect([v1.status, v1.json()]).toEqual([410, { message: 'J-QuantsはV2に移行しました。', migration_url: 'https://jpx-jquants.com/ja/spec/migration-v1-v2' }]);
    expect((await get(s, '/equities/master', { 'x-api-key': 'right' })).status).toBe(200);
  });

  it('any non-empty key is accepted when no key is configured', async () => {
    const s = await standin();
    expect((await get(s, '/equities/master', { 'x-api-key': 'whatever' })).status).toBe(200);
    expect((await get(s, '/equities/master', { 'x-api-key': '' })).status).toBe(403);
  });

  it('400s: missing code/date, and the plan window with the official wording', async () => {
    const s = await standin({ plan: 'free', today: '2026-11-20' });
    const none = await get(s, '/equities/bars/daily');
    expect([none.status, none.json()]).toEqual([400, { message: 'This API requires at least 1 parameter as follows; date, code' }]);
    const late = await get(s, '/equities/bars/daily?date=20261120');
    expect(late.status).toBe(400);
    expect(late.json().message).toBe('Your subscription covers the following dates: 2024-08-28 ~ 2026-08-28. If you want more data, please check other plans:https://jpx-jquants.com/#dataset');
    expect((await get(s, '/indices/bars/daily/topix')).status).toBe(403); // TOPIX needs Light
  });

  it('enforces the per-minute limit per key, and the fins/summary cap on its own', async () => {
    const s = await standin({ rateLimit: 2, finsRateLimit: 1, lockoutMs: 0 });
    const a = { 'x-api-key': 'a' };
    expect((await get(s, '/fins/summary?date=2026-11-20', a)).status).toBe(200);
    expect((await get(s, '/fins/summary?date=2026-11-19', a)).status).toBe(429);
    expect((await get(s, '/equities/master', a)).status).toBe(200);
    const third = await get(s, '/equities/master', a);
    expect([third.status, third.json()]).toEqual([429, { message: 'Too Many Requests' }]);
    expect((await get(s, '/equities/master', { 'x-api-key': 'b' })).status).toBe(200);
    expect(s.stats.byStatus).toEqual({ 200: 3, 429: 2 });
    expect(s.stats.byRouteStatus['/fins/summary']).toEqual({ 200: 1, 429: 1 });
  });

  it('serves the calendar with HolDiv 1 on business days, 0 on weekends and holidays, no pagination', async () => {
    const s = await standin({ pageSize: 2 });
    const j = (await get(s, '/markets/calendar?from=2026-11-20&to=2026-11-24')).json();
    expect(j).toEqual({ data: [
      { Date: '2026-11-20', HolDiv: '1' }, { Date: '2026-11-21', HolDiv: '0' }, { Date: '2026-11-22', HolDiv: '0' },
      { Date: '2026-11-23', HolDiv: '0' }, { Date: '2026-11-24', HolDiv: '1' },
    ] });
    const open1 = (await get(s, '/markets/calendar?from=2026-11-20&to=2026-11-24&hol_div=1')).json().data;
    expect(open1.map((r: { Date: string }) => r.Date)).toEqual(['2026-11-20', '2026-11-24']);
  });

  it('synthetic endpoints use the V2 field names and counts of the spec', async () => {
    // Half a year of days, so every kind of synthetic record occurs.
    const big = generateMarket({ codes: 20, days: 130, seed: 7 });
    const s = await startStandin({ market: big, pageSize: 100_000 });
    open.push(s);
    const all = async (path: string): Promise<Record<string, unknown>[]> => {
      const out: Record<string, unknown>[] = [];
      for (const code of big.bars.codes) out.push(...(await get(s, `${path}?code=${code}`)).json().data);
      return out;
    };
    const inv = (await get(s, '/equities/investor-types')).json().data;
    expect(inv.length).toBeGreaterThan(0);
    expect(Object.keys(inv[0])).toHaveLength(56);
    expect(inv[0]).toHaveProperty('FrgnBal');
    expect(inv[0].TotSell).toBe(inv[0].PropSell + inv[0].BrkSell);
    const sum = await all('/fins/summary');
    expect(sum.length).toBeGreaterThan(20);
    expect(Object.keys(sum[0]!)).toHaveLength(107);
    for (const k of ['DiscDate', 'NxFNp2Q', 'NxFNp', 'NxFNCNP2Q', 'FPayoutRatioAnn', 'ShOutFY', 'RetroRst']) expect(sum[0]).toHaveProperty(k);
    expect(typeof sum[0]!.Sales).toBe('string');
    const alerts = await all('/markets/margin-alert');
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(Object.keys(a)).toHaveLength(20);
    expect(alerts.some((a) => a.ShrtOutChg === '-')).toBe(true);
    const mi = (await get(s, '/markets/margin-interest?date=2026-11-20')).json().data;
    expect(mi.length).toBeGreaterThan(0);
    expect(Object.keys(mi[0])).toEqual(['Date', 'Code', 'ShrtVol', 'LongVol', 'ShrtNegVol', 'LongNegVol', 'ShrtStdVol', 'LongStdVol', 'IssType']);
    const div = await all('/fins/dividend');
    expect(div.length).toBeGreaterThan(0);
    for (const d of div) expect(Object.keys(d)).toHaveLength(23);
  });

  it('fault injection is deterministic for a seed', async () => {
    const statuses = async (seed: number): Promise<string> => {
      const s = await standin({ faults: 0.5, faultKinds: ['error'], seed });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await get(s, '/equities/master')).status);
      return out.join(',');
    };
    const a = await statuses(5);
    expect(a).toMatch(/50[0234]/);
    expect(await statuses(5)).toBe(a);
    expect(await statuses(6)).not.toBe(a);
  });
});
