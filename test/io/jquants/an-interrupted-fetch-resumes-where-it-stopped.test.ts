import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../io/jquants/client.ts';
import { startStandin, type Standin } from '../../../io/jquants/standin/server.ts';
import type { SampleMarket } from '../../../io/sample/market.ts';
import { canonical, fastClient, smallMarket, spanOf, tempDir } from './helpers.ts';

const BARS = '/equities/bars/daily';
let m: SampleMarket;
let s: Standin;
let clean: string;

beforeAll(async () => {
  m = smallMarket();
  s = await startStandin({ market: m, latencyMs: 15 });
  const c = createClient(fastClient(s.url));
  clean = canonical((await c.fetchDailyBars(spanOf(m))).records);
  await c.close();
});
afterAll(async () => {
  await s.close();
});

const barRequests = (): number => s.stats.byRoute[BARS] ?? 0;

describe('resume', () => {
  it('after an abort mid-run, the re-run fetches only the days that were not stored', async () => {
    const dir = tempDir('resume-abort');
    const ac = new AbortController();
    let stored = 0;
    const first = createClient(fastClient(s.url, {
      cacheDir: dir, concurrency: 2,
      onEvent: (e) => {
        if (e.type === 'piece' && e.endpoint === BARS && ++stored === 8) ac.abort();
      },
    }));
    await expect(first.fetchDailyBars({ ...spanOf(m), signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await first.close();
    expect(stored).toBeGreaterThanOrEqual(8);
    expect(stored).toBeLessThan(m.days.length);

    // A fresh stand-in counts the second run's requests alone (an aborted request may still reach the first).
    const s2 = await startStandin({ market: m });
    const second = createClient(fastClient(s2.url, { cacheDir: dir }));
    const plan = await second.planDailyBars(spanOf(m));
    expect(plan.requests).toBe(m.days.length - stored);
    const r = await second.fetchDailyBars(spanOf(m));
    await second.close();
    await s2.close();
    expect(s2.stats.byRoute[BARS]).toBe(m.days.length - stored);
    expect(s2.stats.byRoute['/markets/calendar']).toBeUndefined();
    expect(canonical(r.records)).toBe(clean);
  });

  it('after the process is killed mid-run, the re-run keeps what was stored and completes the data', async () => {
    const dir = tempDir('resume-kill');
    const before = barRequests();
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/fetch-child.ts', import.meta.url))], {
      env: { ...process.env, STANDIN_URL: s.url, CACHE_DIR: dir, ...spanOf(m), FROM: spanOf(m).from, TO: spanOf(m).to },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let seen = 0;
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        seen += chunk.split('\n').filter((l) => l.startsWith('piece ')).length;
        if (seen >= 5 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', (_code, sig) => resolve(sig));
    });
    expect(signal).toBe('SIGKILL');
    expect(seen).toBeGreaterThanOrEqual(5);
    expect(readFileSync(join(dir, 'manifest.ndjson'), 'utf8').split('\n').length).toBeGreaterThan(5);

    const s2 = await startStandin({ market: m });
    const again = createClient(fastClient(s2.url, { cacheDir: dir }));
    const plan = await again.planDailyBars(spanOf(m));
    expect(plan.requests).toBeGreaterThan(0);
    expect(plan.requests).toBeLessThanOrEqual(m.days.length - seen);
    const r = await again.fetchDailyBars(spanOf(m));
    await again.close();
    await s2.close();
    expect(s2.stats.byRoute[BARS]).toBe(plan.requests);
    // Across both processes each day was asked for once, plus at most the one request in flight at the kill.
    expect(barRequests() - before + plan.requests).toBeLessThanOrEqual(m.days.length + 1);
    expect(canonical(r.records)).toBe(clean);
  });
});
