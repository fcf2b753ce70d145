import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../io/jquants/client.ts';
import type { ClientEvent } from '../../../io/jquants/events.ts';
import type { FaultKind } from '../../../io/jquants/standin/faults.ts';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import type { SampleMarket } from '../../../io/sample/market.ts';
import { canonical, fastClient, smallMarket, spanOf } from './helpers.ts';

let m: SampleMarket;
let clean: string;
let cleanTopix: string;

beforeAll(async () => {
  m = smallMarket();
  const s = await startStandin({ market: m, pageSize: 5 });
  const client = createClient(fastClient(s.url));
  clean = canonical((await client.fetchDailyBars(spanOf(m))).records);
  cleanTopix = canonical((await client.fetchTopix(spanOf(m))).records);
  await client.close();
  await s.close();
});

async function runWith(kinds: readonly FaultKind[], seed: number): Promise<{ bars: string; topix: string; faults: number; retries: number }> {
  const s = await startStandin({ market: m, pageSize: 5, faults: 0.3, faultKinds: kinds, seed, slowMs: 600 });
  const events: ClientEvent[] = [];
  // A per-attempt timeout below the slow fault's delay turns `slow` into a timeout the client must retry.
  const client = createClient(fastClient(s.url, { timeoutMs: 250, concurrency: 3, onEvent: (e) => events.push(e) }));
  try {
    const bars = canonical((await client.fetchDailyBars(spanOf(m))).records);
    const topix = canonical((await client.fetchTopix(spanOf(m))).records);
    const faults = Object.values(s.stats.faults).reduce((a, b) => a + b, 0);
    return { bars, topix, faults, retries: events.filter((e) => e.type === 'retry').length };
  } finally {
    await client.close();
    await s.close();
  }
}

describe('fault injection', () => {
  for (const kind of ['error', 'slow', 'drop', 'truncate'] as const) {
    it(`survives ${kind} faults and fetches exactly the fault-free data`, async () => {
      const r = await runWith([kind], 11);
      expect(r.faults).toBeGreaterThan(5);
      expect(r.retries).toBeGreaterThanOrEqual(r.faults);
      expect(r.bars).toBe(clean);
      expect(r.topix).toBe(cleanTopix);
    });
  }

  it('survives all kinds mixed', async () => {
    const r = await runWith(['error', 'slow', 'drop', 'truncate'], 99);
    expect(r.faults).toBeGreaterThan(10);
    expect(r.bars).toBe(clean);
    expect(r.topix).toBe(cleanTopix);
  });
});
