import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../engine/dates.ts';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { cleanEnv, gq } from './run-gq.ts';

const KEY = 'sk-test-0a1b2c3d4e5f';
const market = generateMarket({ codes: 6, days: 60, seed: 9 });
let standin: Standin;
beforeAll(async () => { standin = await startStandin({ port: 0, key: KEY, plan: 'premium', market }); });
afterAll(async () => { await standin.close(); });
const fresh = (): string => mkdtempSync(join(tmpdir(), 'gq-src-msg-'));

describe('gq run says which source and plan it uses', () => {
  it('refuses to fall back to the sample market when JQUANTS_API_BASE_URL is set without a key', async () => {
    const dir = fresh();
    const r = await gq(['run', '--sample-codes', '5', '--sample-days', '20'], dir, cleanEnv({ JQUANTS_API_BASE_URL: standin.url }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gq: JQUANTS_API_BASE_URL is set, so gq would fetch from that API, but JQUANTS_API_KEY is not set.*unset JQUANTS_API_BASE_URL or pass --sample\.$/m);
    expect(r.stderr).not.toContain(standin.url);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('does not say "no JQUANTS_API_KEY set" for --sample with a key', async () => {
    const r = await gq(['run', '--sample', '--sample-codes', '5', '--sample-days', '20', '--output', '/proc/gq-x'], fresh(), cleanEnv({ JQUANTS_API_KEY: KEY }));
    expect(r.stderr).not.toContain('no JQUANTS_API_KEY set');
    expect(r.stderr).toContain('--sample: running the sample market');
  });

  it('says which plan it assumes for a key without --plan, and how to set it', async () => {
    const r = await gq(['run', '--output', '/proc/gq-x'], fresh(), cleanEnv({ JQUANTS_API_KEY: KEY, JQUANTS_API_BASE_URL: standin.url }));
    expect(r.stderr.split('\n').filter((l) => l.includes('assuming'))).toEqual(
      ['no --plan given: assuming the free plan (its request pace and data window); set yours with --plan free|light|standard|premium or JQUANTS_PLAN']);
    const named = await gq(['run', '--plan', 'premium', '--output', '/proc/gq-x'], fresh(), cleanEnv({ JQUANTS_API_KEY: KEY, JQUANTS_API_BASE_URL: standin.url }));
    expect(named.stderr).not.toContain('assuming');
  });

  it('warns when --from is before the plan window, and records the rows\' range as date_range', async () => {
    const dir = fresh();
    const env = cleanEnv({ JQUANTS_API_KEY: KEY, JQUANTS_API_BASE_URL: standin.url, JQUANTS_PLAN: 'premium' });
    const code = market.bars.codes[0]!;
    const r = await gq(['run', '--codes', code, '--from', '1990-01-04', '--history-from', '1990-01-04', '--workers', '1'], dir, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: the premium plan covers data from \d{4}-\d{2}-\d{2}; --from 1990-01-04 is moved to it/);
    const meta = JSON.parse(readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8'));
    const csv = readFileSync(join(dir, 'out', 'dataset.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]!);
    expect(meta.date_range).toEqual({ from: csv[0], to: csv[csv.length - 1] });
    expect(csv[csv.length - 1]).toBe(formatDay(market.days[market.days.length - 1]!));
  });
});
