import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../../io/jquants/client.ts';
import { JQuantsError } from '../../../io/jquants/errors.ts';
import { formatEvent, type ClientEvent } from '../../../io/jquants/events.ts';
import { makeRedactor } from '../../../io/jquants/redact.ts';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import { allFiles, fastClient, smallMarket, spanOf, tempDir } from './helpers.ts';

const KEY = 'sk_live_Zq8pW3xYt7Rk2vN9';

describe('secrets', () => {
  it('the key is in no cache file, no event and no log line of a full run, faults and retries included', async () => {
    const m = smallMarket();
    const s = await startStandin({ market: m, key: KEY, faults: 0.2, pageSize: 6 });
    const dir = tempDir('secrets');
    const events: ClientEvent[] = [];
    const client = createClient(fastClient(s.url, { apiKey: KEY, cacheDir: dir, onEvent: (e) => events.push(e) }));
    await client.fetchDailyBars(spanOf(m));
    await client.fetchTopix(spanOf(m));
    await client.fetchMaster({ date: spanOf(m).to });
    await client.fetchFinsSummary({ ...spanOf(m), codes: [m.bars.codes[1]!] });
    await client.close();
    await s.close();
    expect(s.stats.faults.error + s.stats.faults.drop + s.stats.faults.truncate + s.stats.faults.slow).toBeGreaterThan(0);
    const files = allFiles(dir);
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) expect(f.text.includes(KEY), f.path).toBe(false);
    const lines = events.map(formatEvent).concat(events.map((e) => JSON.stringify(e)));
    expect(lines.length).toBeGreaterThan(100);
    for (const l of lines) expect(l.includes(KEY)).toBe(false);
  });

  it('a server that echoes the key in an error body or header dump does not get it into the error message', async () => {
    const server = createServer((req, res) => {
      const echoed = `bad request from x-api-key: ${String(req.headers['x-api-key'])} at ${req.url}`;
      res.writeHead(req.url!.includes('code=') ? 400 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `${echoed} (${encodeURIComponent(KEY)})` }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
    const events: ClientEvent[] = [];
    const client = createClient(fastClient(url, { apiKey: KEY, retries: 2, onEvent: (e) => events.push(e) }));
    const errors: unknown[] = [];
    for (const params of [{ code: '72030' }, { date: '2026-11-20' }] as Record<string, string>[]) {
      await client.get('/equities/bars/daily', params).catch((e: unknown) => errors.push(e));
    }
    await client.close();
    server.close();
    expect(errors).toHaveLength(2);
    for (const e of errors) {
      expect(e).toBeInstanceOf(JQuantsError);
      const err = e as JQuantsError;
      expect(err.message).toContain('***');
      expect(err.message.includes(KEY) || err.message.includes(encodeURIComponent(KEY))).toBe(false);
      expect(String(err.stack).includes(KEY)).toBe(false);
    }
    for (const e of events) expect(JSON.stringify(e).includes(KEY)).toBe(false);
  });

  it('the redactor masks the raw key, its URL-encoded form and any x-api-key header value', () => {
    const redact = makeRedactor(['a/b+c=d']);
    expect(redact('k=a/b+c=d&x=1')).toBe('k=***&x=1');
    expect(redact(`q=${encodeURIComponent('a/b+c=d')}`)).toBe('q=***');
    expect(redact('{"x-api-key":"other-secret"}')).toBe('{"x-api-key":"***"}');
    expect(redact('X-Api-Key: zzz next')).toBe('X-Api-Key: *** next');
    expect(redact('nothing here')).toBe('nothing here');
  });
});
