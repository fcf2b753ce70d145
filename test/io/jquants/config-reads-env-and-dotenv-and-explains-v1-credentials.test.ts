import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../io/jquants/config.ts';
import { parseDotEnv } from '../../../io/jquants/dotenv.ts';
import { JQuantsError } from '../../../io/jquants/errors.ts';
import { tempDir } from './helpers.ts';

function thrown(f: () => unknown): JQuantsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(JQuantsError);
    return e as JQuantsError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('configuration', () => {
  it('V1 e-mail/password credentials get a message that V1 is gone and how to get an API key', () => {
    const e = thrown(() => loadConfig({ JQUANTS_AUTH_EMAIL: 'me@example.com', JQUANTS_AUTH_PASSWORD: 'pw' }, tempDir('cfg')));
    expect(e.code).toBe('legacy-credentials');
    expect(e.message).toContain('JQUANTS_AUTH_EMAIL / JQUANTS_AUTH_PASSWORD are set');
    expect(e.message).toContain('V1');
    expect(e.message).toContain('discontinued on 2026-06-01');
    expect(e.message).toContain('https://jpx-jquants.com/dashboard/api-keys');
    expect(e.message).toContain('JQUANTS_API_KEY=<key>');
    expect(e.message).not.toContain('me@example.com');
    expect(e.message).not.toContain('pw ');
  });

  it('V1 credentials in .env are recognised too, and the official client\'s refresh-token variable', () => {
    const dir = tempDir('cfg');
    writeFileSync(join(dir, '.env'), 'JQUANTS_AUTH_EMAIL=me@example.com\nJQUANTS_AUTH_PASSWORD=pw\n');
    expect(thrown(() => loadConfig({}, dir)).code).toBe('legacy-credentials');
    expect(thrown(() => loadConfig({ JQUANTS_API_REFRESH_TOKEN: 't' }, tempDir('cfg'))).message).toContain('JQUANTS_API_REFRESH_TOKEN is set');
  });

  it('a missing key says where it looked and what to set', () => {
    const e = thrown(() => loadConfig({}, tempDir('cfg')));
    expect(e.code).toBe('config');
    expect(e.message).toContain('JQUANTS_API_KEY is not set');
  });

  it('reads .env, lets the environment win, and parses the numeric settings', () => {
    const dir = tempDir('cfg');
    writeFileSync(join(dir, '.env'), [
      '# J-Quants', 'export JQUANTS_API_KEY="from-dotenv"', "JQUANTS_PLAN='Standard'", 'MAX_CONCURRENT_FETCH=3 # three',
      'API_RETRY_DELAY=2s', 'JQUANTS_API_BASE_URL=http://127.0.0.1:8787/v2/', 'GQ_CACHE_DIR=cache',
    ].join('\n'));
    const c = loadConfig({ API_RETRY_COUNT: '7' }, dir);
    expect(c).toEqual({
      apiKey: 'from-dotenv', plan: 'standard', concurrency: 3, retries: 7, retryDelayMs: 2000,
      baseUrl: 'http://127.0.0.1:8787/v2', cacheDir: join(dir, 'cache'),
    });
    expect(loadConfig({ JQUANTS_API_KEY: 'from-env', JQUANTS_AUTH_EMAIL: 'x@y' }, dir).apiKey).toBe('from-env');
  });

  it('defaults: V2 base URL, free plan, 4 in flight, 5 retries from 1 s', () => {
    expect(loadConfig({ JQUANTS_API_KEY: 'k' }, tempDir('cfg'))).toEqual({
      apiKey: 'k', baseUrl: 'https://api.jquants.com/v2', plan: 'free', concurrency: 4, retries: 5, retryDelayMs: 1000,
    });
  });

  it('rejects a V1 base URL, an unknown plan and malformed numbers with the variable named', () => {
    const dir = tempDir('cfg');
    expect(thrown(() => loadConfig({ JQUANTS_API_KEY: 'k', JQUANTS_API_BASE_URL: 'https://api.jquants.com/v1' }, dir)).message)
      .toContain('points at API V1');
    expect(thrown(() => loadConfig({ JQUANTS_API_KEY: 'k', JQUANTS_PLAN: 'gold' }, dir)).message).toContain('JQUANTS_PLAN is "gold"');
    expect(thrown(() => loadConfig({ JQUANTS_API_KEY: 'k', MAX_CONCURRENT_FETCH: '0' }, dir)).message).toContain('MAX_CONCURRENT_FETCH is "0"');
    expect(thrown(() => loadConfig({ JQUANTS_API_KEY: 'k', API_RETRY_DELAY: 'soon' }, dir)).message).toContain('API_RETRY_DELAY is "soon"');
  });

  it('parses .env quoting, comments and export prefixes', () => {
    expect(parseDotEnv('A=1\n  export B = two words # note\nC="x # not a comment"\nD=\'q\'\n#E=5\nbad line\nF=a=b')).toEqual({
      A: '1', B: 'two words', C: 'x # not a comment', D: 'q', F: 'a=b',
    });
  });
});
