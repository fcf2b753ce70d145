import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { standinHint } from '../../cli/standin-hint.ts';
import { parseDay } from '../../engine/dates.ts';
import { cleanEnv, gq, spawnGq } from './run-gq.ts';

/** Starts `gq api-standin <args>` in `dir`; resolves its "use it with:" line and a function that stops it. */
function startStandin(args: string[], dir: string): Promise<{ hint: string; out: string; stop: () => void }> {
  const child = spawnGq(['api-standin', '--port', '0', ...args], dir);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^use it with: (.+)$/m.exec(out);
      if (m !== null && out.includes('Ctrl-C stops it.')) resolve({ hint: m[1]!, out, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', () => reject(new Error(`api-standin exited: ${out}`)));
  });
}

describe('gq api-standin says how to use it with gq run', () => {
  it('prints a line that runs as typed, on the stand-in\'s plan and days, in a cache folder of its own, in seconds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-standin-hint-'));
    const s = await startStandin(['--sample-codes', '6', '--sample-days', '60'], dir);
    try {
      // VAR=value ... npx gq run --flags: the environment, then the arguments of gq.
      const words = s.hint.split(' ');
      const env = Object.fromEntries(words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
      expect(Object.keys(env).sort()).toEqual(['JQUANTS_API_BASE_URL', 'JQUANTS_API_KEY']);
      const args = words.slice(words.indexOf('gq') + 1);
      expect(words.slice(words.indexOf('gq') - 1, words.indexOf('gq') + 2)).toEqual(['npx', 'gq', 'run']);
      expect(args).toContain('--plan');
      const elsewhere = join(dir, 'real-api-cache');
      const t0 = Date.now();
      // GQ_CACHE_DIR (the real API's cache) must not receive the stand-in's bars: the line's --cache-dir wins.
      const r = await gq(args, dir, cleanEnv({ ...env, GQ_CACHE_DIR: elsewhere }));
      expect(r.code, r.stderr).toBe(0);
      expect(Date.now() - t0).toBeLessThan(60_000);
      expect(r.stderr).not.toMatch(/no --plan given|assuming the free plan/);
      const meta = JSON.parse(readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8'));
      expect(meta.plan).toBe('premium');
      const last = /business days, \d{4}-\d{2}-\d{2} to (\d{4}-\d{2}-\d{2})/.exec(s.out)![1];
      expect(meta.date_range.to).toBe(last);
      expect(existsSync(join(dir, '.gq-cache', 'standin-6x60-seed42', 'api'))).toBe(true);
      expect(existsSync(elsewhere)).toBe(false);
    } finally {
      s.stop();
    }
  }, 90_000);

  it('on the free plan: its window\'s last day, a few codes, and the pace said', () => {
    const h = standinHint({
      url: 'http://127.0.0.1:8787/v2', plan: 'free', keyRequired: true, first: parseDay('2025-08-27'), last: parseDay('2026-11-20'),
      codes: ['13480', '13800', '14130', '14450'], market: '200x300-seed42', today: parseDay('2026-12-04'),
    });
    expect(h).toBe('use it with: JQUANTS_API_BASE_URL=http://127.0.0.1:8787/v2 JQUANTS_API_KEY=<the --key value> npx gq run --plan free '
      + '--history-from 2025-08-27 --to 2026-09-11 --codes 1348 1380 1413 --cache-dir .gq-cache/standin-200x300-seed42\n'
      + '(the free plan allows 5 requests a minute: 3 codes take a minute or two)\n');
  });
});
