import { describe, expect, it } from 'vitest';
import { createClient } from '../../../io/jquants/client.ts';
import type { ClientEvent } from '../../../io/jquants/events.ts';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import { canonical, fastClient, smallMarket } from './helpers.ts';

const m = smallMarket(12, 24);
const span = { from: '2026-10-19', to: '2026-11-20' };

describe('rate limits', () => {
  it('paces evenly to the limit: every request answered without a lockout', async () => {
    // 20 requests per second per key on both sides (a scaled-down plan limit), lockout armed.
    const s = await startStandin({ market: m, rateLimit: 20, rateWindowMs: 1000, lockoutMs: 60_000 });
    // By-date requests (paced, 24 days would cost more than 2 monthly bulk files: this test is about pacing requests).
    const client = createClient(fastClient(s.url, { pacing: true, rate: { limit: 20, windowMs: 1000 }, concurrency: 4, bulk: 'off' }));
    const r = await client.fetchDailyBars(span);
    await client.close();
    await s.close();
    expect(r.plan.requests).toBeGreaterThan(20); // more than one window's budget
    expect(s.stats.lockouts).toBe(0);
    // Even spacing keeps a sliding window under the limit; network jitter may cost a stray 429 at most.
    expect(s.stats.byStatus['429'] ?? 0).toBeLessThanOrEqual(2);
    expect(r.records.length).toBeGreaterThan(0);
  });

  it('without pacing gets 429s, backs off (honouring Retry-After) and still gets every record', async () => {
    const ref = await startStandin({ market: m });
    const refClient = createClient(fastClient(ref.url));
    const want = canonical((await refClient.fetchDailyBars(span)).records);
    await refClient.close();
    await ref.close();

    const s = await startStandin({ market: m, rateLimit: 8, rateWindowMs: 300, lockoutMs: 0, retryAfter: true });
    const events: ClientEvent[] = [];
    const client = createClient(fastClient(s.url, { concurrency: 4, retries: 30, onEvent: (e) => events.push(e) }));
    const r = await client.fetchDailyBars(span);
    await client.close();
    await s.close();
    expect(s.stats.byStatus['429']).toBeGreaterThan(0);
    const waits = events.filter((e): e is Extract<ClientEvent, { type: 'retry' }> => e.type === 'retry');
    expect(waits.length).toBeGreaterThan(0);
    // The stand-in sends Retry-After: 1 (whole seconds, rounded up): the client waits exactly that.
    expect(waits.every((e) => e.retryAfter && e.delayMs === 1000)).toBe(true);
    expect(canonical(r.records)).toBe(want);
  });

  it('a key that keeps pushing is locked out; the client stands back and recovers', async () => {
    const s = await startStandin({ market: m, rateLimit: 3, rateWindowMs: 200, lockoutMs: 400 });
    const events: ClientEvent[] = [];
    const client = createClient(fastClient(s.url, { concurrency: 4, retries: 40, lockoutMs: 450, onEvent: (e) => events.push(e) }));
    const r = await client.fetchDailyBars({ from: '2026-11-09', to: '2026-11-20' });
    await client.close();
    await s.close();
    expect(r.plan.requests).toBe(10);
    expect(r.records.length).toBeGreaterThan(0);
    const standBacks = events.filter((e) => e.type === 'retry' && e.delayMs >= 450);
    expect(s.stats.lockouts).toBeGreaterThan(0);
    expect(standBacks.length).toBeGreaterThan(0);
  });
});
