import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../io/jquants/client.ts';
import { JQuantsError } from '../../../io/jquants/errors.ts';
import { startStandin, type Standin, type StandinOptions } from '../../../io/jquants/standin/server.ts';
import type { SampleMarket } from '../../../io/sample/market.ts';
import { fastClient, smallMarket, spanOf } from './helpers.ts';

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

async function failure(p: Promise<unknown>): Promise<JQuantsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(JQuantsError);
    return e as JQuantsError;
  }
  throw new Error('expected a failure');
}

describe('error statuses', () => {
  it('403 for a wrong key: an auth error pointing at JQUANTS_API_KEY, not retried', async () => {
    const s = await standin({ key: 'the-right-key' });
    const c = createClient(fastClient(s.url, { apiKey: 'a-wrong-key' }));
    const e = await failure(c.get('/equities/bars/daily', { date: '2026-11-20' }));
    await c.close();
    expect(e.code).toBe('auth');
    expect(e.status).toBe(403);
    expect(e.message).toMatch(/invalid or has been reissued or deleted.*JQUANTS_API_KEY/);
    expect(e.message).toContain('/equities/bars/daily?date=2026-11-20');
    expect(s.stats.requests).toBe(1);
  });

  it('403 for an unknown path names the path and the base URL', async () => {
    const s = await standin();
    const c = createClient(fastClient(s.url));
    const e = await failure(c.get('/equities/bars/weekly', { code: '72030' }));
    await c.close();
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('no endpoint /equities/bars/weekly?code=72030');
    expect(e.message).toContain(`ends in /v2 (it is ${s.url})`);
    expect(s.stats.requests).toBe(1);
  });

  it('403 for an endpoint outside the plan says the plan may not include it', async () => {
    const s = await standin({ plan: 'free' });
    const c = createClient(fastClient(s.url, { plan: 'free' }));
    const e = await failure(c.fetchTopix(spanOf(m)));
    await c.close();
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('the free plan may not include this endpoint');
    expect(s.stats.requests).toBe(1);
  });

  it('400 outside the plan window becomes a plain message with the window (closed form)', async () => {
    const s = await standin({ plan: 'free', today: '2026-11-20' });
    const c = createClient(fastClient(s.url, { plan: 'free' }));
    const e = await failure(c.fetchDailyBars(spanOf(m)));
    await c.close();
    // 2026-11-20 less 12 weeks is 2026-08-28; two years before that is 2024-08-28.
    expect(e.code).toBe('plan-window');
    expect(e.window).toEqual({ from: '2024-08-28', to: '2026-08-28' });
    expect(e.message).toContain('your subscription covers dates from 2024-08-28 to 2026-08-28 only');
    expect(e.message).toContain('free plan');
    expect(s.stats.requests).toBe(1);
  });

  it('400 outside the plan window, open-ended form of paid plans', async () => {
    const s = await standin({ plan: 'light', today: '2026-11-20' });
    const c = createClient(fastClient(s.url, { plan: 'light', businessDays: () => Int32Array.of(18267) }));
    const e = await failure(c.fetchDailyBars({ from: '2020-01-06', to: '2020-01-06' }));
    await c.close();
    expect(e.window).toEqual({ from: '2021-11-20', to: null });
    expect(e.message).toContain('covers dates from 2021-11-20 on only');
  });

  it('400 for a missing parameter passes the server message on, not retried', async () => {
    const s = await standin();
    const c = createClient(fastClient(s.url));
    const e = await failure(c.get('/equities/bars/daily'));
    await c.close();
    expect(e.code).toBe('bad-request');
    expect(e.message).toContain('"This API requires at least 1 parameter as follows; date, code"');
    expect(s.stats.requests).toBe(1);
  });

  it('410 on a V1 URL says V1 is gone and how to use V2', async () => {
    const s = await standin();
    const c = createClient(fastClient(s.url.replace(/\/v2$/, '')));
    const e = await failure(c.get('/v1/prices/daily_quotes', { code: '72030' }));
    await c.close();
    expect(e.code).toBe('gone');
    expect(e.message).toContain('API V1 was discontinued on 2026-06-01');
    expect(e.message).toContain('JQUANTS_API_KEY');
    expect(s.stats.requests).toBe(1);
  });

  it('429 that never clears fails as rate-limited after the retries', async () => {
    const s = await standin({ rateLimit: 1, rateWindowMs: 60_000, lockoutMs: 0 });
    const c = createClient(fastClient(s.url, { retries: 2 }));
    await c.get('/equities/bars/daily', { date: '2026-11-20' });
    const e = await failure(c.get('/equities/bars/daily', { date: '2026-11-19' }));
    await c.close();
    expect(e.code).toBe('rate-limited');
    expect(e.message).toContain('after every retry');
    expect(s.stats.byStatus['429']).toBe(3);
  });

  it('5xx that never clears fails as a server error after the retries', async () => {
    const s = await standin({ faults: 1, faultKinds: ['error'] });
    const c = createClient(fastClient(s.url, { retries: 3 }));
    const e = await failure(c.get('/equities/bars/daily', { date: '2026-11-20' }));
    await c.close();
    expect(e.code).toBe('server');
    expect(e.message).toMatch(/answered 50[0234] \(server error\)/);
    expect(s.stats.requests).toBe(4);
  });

  it('an unreachable server fails as a network error naming the base URL', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const c = createClient(fastClient(`http://127.0.0.1:${port}/v2`, { retries: 1 }));
    const e = await failure(c.get('/equities/bars/daily', { date: '2026-11-20' }));
    await c.close();
    expect(e.code).toBe('network');
    expect(e.message).toContain('after 2 attempt(s)');
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('210 (no content) is an empty result, not an error', async () => {
    const s = await standin();
    const c = createClient(fastClient(s.url));
    expect(await c.get('/equities/bars/daily/am', { code: '99990' })).toEqual([]);
    expect((await c.get('/equities/bars/daily/am', { code: m.bars.codes[0]! })).length).toBe(1);
    await c.close();
    expect(s.stats.byStatus['210']).toBe(1);
  });

  it('413 says to ask for less, not retried', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits++;
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Response data is too large. Specify parameters to reduce the acquired data range.' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const c = createClient(fastClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`));
    const e = await failure(c.get('/fins/summary', { date: '2026-11-20' }));
    await c.close();
    server.close();
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('Ask for fewer days or codes per request');
    expect(hits).toBe(1);
  });
});
