import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../engine/dates.ts';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { cleanEnv, gq } from './run-gq.ts';

const KEY = 'sk-test-requests-0001';
let standin: Standin;
const market = generateMarket({ codes: 8, days: 90, seed: 11 });
beforeAll(async () => {
  // Unpaced: the point is which endpoint each request went to, not the plan's pace.
  standin = await startStandin({ port: 0, key: KEY, plan: 'premium', market, rateLimit: false, finsRateLimit: false });
});
afterAll(async () => { await standin.close(); });

describe('gq run on a cold cache, with bars, the master and event families fetched at the same time', () => {
  it('records for each event family the requests made to its own endpoint, no more', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-event-requests-'));
    const env = cleanEnv({ JQUANTS_API_KEY: KEY, JQUANTS_API_BASE_URL: standin.url, JQUANTS_PLAN: 'premium' });
    const before = { ...standin.stats.byRoute };
    const r = await gq(['run', '--history-from', formatDay(market.days[0]!), '--families', 'returns', 'sector', 'flows', 'margin', 'dmi', 'statements', '--no-bulk', '--codes', ...market.bars.codes], dir, env);
    expect(r.code, r.stderr).toBe(0);
    const meta = JSON.parse(readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8')) as { event_families: Record<string, { endpoint: string; requests: number }> };
    const served = (route: string): number => (standin.stats.byRoute[route] ?? 0) - (before[route] ?? 0);
    for (const fam of ['flows', 'margin', 'dmi', 'statements']) {
      const f = meta.event_families[fam]!;
      expect(f.requests, `${fam} (${f.endpoint})`).toBe(served(f.endpoint));
    }
    expect(served('/equities/bars/daily')).toBeGreaterThan(0);
  });
});
