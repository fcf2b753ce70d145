import { afterEach, describe, expect, it, vi } from 'vitest';
import { runApiStandin } from '../../../cli/api-standin-command.ts';
import { createClient } from '../../../io/jquants/client.ts';
import { JQuantsError } from '../../../io/jquants/errors.ts';
import { fastClient } from './helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('gq api-standin', () => {
  it('serves the sample market for the plan and key given, and says where', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    // cac hands over numeric-looking values as numbers: the key 1234 must still be the string "1234".
    const s = await runApiStandin({ port: 0, key: 1234, plan: 'standard', faults: '0', codes: 30, days: 40 });
    try {
      expect(out.join('')).toContain(`J-Quants API V2 stand-in at ${s.url} (plan standard; 30 codes x 40 business days`);
      expect(out.join('')).not.toContain('1234');
      const c = createClient(fastClient(s.url, { apiKey: '1234', plan: 'standard' }));
      const bars = await c.fetchDailyBars({ from: '2026-11-16', to: '2026-11-20' });
      expect(bars.records.length).toBeGreaterThan(100);
      await c.close();
      const wrong = createClient(fastClient(s.url, { apiKey: '4321' }));
      await expect(wrong.get('/equities/master')).rejects.toMatchObject({ code: 'auth' });
      await wrong.close();
      expect(s.plan).toBe('standard');
    } finally {
      await s.close();
    }
  });

  it('rejects a bad plan or fault rate with a plain message', async () => {
    await expect(runApiStandin({ plan: 'gold' })).rejects.toThrow(JQuantsError);
    await expect(runApiStandin({ faults: '1.5' })).rejects.toThrow('--faults 1.5 must be a rate between 0 and 1');
  });
});
