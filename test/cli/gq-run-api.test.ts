import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { formatDay } from '../../engine/dates.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { cleanEnv, gq } from './run-gq.ts';

const KEY = 'sk-live-7f3a9c1e5b2d4680';
let standin: Standin;
const market = generateMarket({ codes: 12, days: 120, seed: 5 });
// The stand-in's market starts here; without it the history origin would be the plan's earliest day (2008).
const HISTORY_FROM = formatDay(market.days[0]!);
beforeAll(async () => {
  standin = await startStandin({ port: 0, key: KEY, plan: 'premium', market });
});
afterAll(async () => { await standin.close(); });

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('gq run with a key', () => {
  it('fetches from the API (here the stand-in) and never writes the key anywhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-api-'));
    const env = cleanEnv({ JQUANTS_API_KEY: KEY, JQUANTS_API_BASE_URL: standin.url, JQUANTS_PLAN: 'premium' });
    const r = await gq(['run', '--days', '40', '--history-from', HISTORY_FROM, '--verbose'], dir, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('sample market');
    expect(standin.stats.requests).toBeGreaterThan(0);
    const meta = JSON.parse(readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8'));
    expect(meta.source).toBe('jquants-api');
    expect(meta.plan).toBe('premium');
    expect(meta.codes).toBe(12);
    for (const f of filesUnder(dir)) expect(readFileSync(f).includes(KEY), f).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('says plainly when the key is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-api-'));
    const env = cleanEnv({ JQUANTS_API_KEY: 'wrong-key-000', JQUANTS_API_BASE_URL: standin.url });
    const r = await gq(['run', '--days', '10'], dir, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gq: .*403/m);
    expect(r.stderr).not.toContain('wrong-key-000');
  });
});
