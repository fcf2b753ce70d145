/**
 * Event records asked for with `fields` (pipeline/load-events.ts asks only what its tables read): a long range all in
 * the cache is read as columns on another thread, and writes each piece's records sidecar so that later runs skip the
 * JSON; the records are those the main thread reads piece by piece, with only the fields asked for.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../engine/dates.ts';
import { createClient } from '../../../io/jquants/client.ts';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import { fastClient, smallMarket, tempDir } from './helpers.ts';

const FIELDS = ['LongVol', 'IssType'];

/** The records with only `fields` (those each has), in the order of `fields`. */
function projected(records: Record<string, unknown>[], fields: readonly string[]): Record<string, unknown>[] {
  return records.map((r) => Object.fromEntries(fields.filter((f) => Object.hasOwn(r, f)).map((f) => [f, r[f]])));
}

describe('margin-interest records of a long cached range, with fields', () => {
  it('are read on a thread as the main thread reads them, and leave sidecars for the next run', async () => {
    const m = smallMarket(12, 120);
    const s = await startStandin({ port: 0, market: m });
    try {
      // Days well before the market's last (today's neighbours are not final: they would be fetched again).
      const q = { from: formatDay(m.days[0]!), to: formatDay(m.days[100]!) };
      const cacheDir = tempDir('event-fields');
      const cold = createClient(fastClient(s.url, { cacheDir }));
      const fetched = await cold.fetchMarginInterest({ ...q, fields: FIELDS }); // fetched now: read here
      await cold.close();
      expect(fetched.requests).toBeGreaterThan(64);
      const dir = join(cacheDir, 'marginInterest');
      expect(readdirSync(dir).some((f) => f.endsWith('.recs'))).toBe(false); // ASCII pieces: none written here

      const warm = createClient(fastClient(s.url, { cacheDir }));
      const whole = (await warm.fetchMarginInterest(q)).records as unknown as Record<string, unknown>[];
      const threaded = await warm.fetchMarginInterest({ ...q, fields: FIELDS });
      const pieces = readdirSync(dir).filter((f) => f.endsWith('.json'));
      expect(pieces.length).toBeGreaterThanOrEqual(64);
      expect(pieces.every((f) => existsSync(join(dir, `${f}.recs`)))).toBe(true); // the thread read them
      const fromSidecars = await warm.fetchMarginInterest({ ...q, fields: FIELDS });
      await warm.close();

      const expected = projected(whole, [...FIELDS, 'Code', 'Date']);
      expect(whole.length).toBeGreaterThan(100);
      expect(Object.keys(whole[0]!).length).toBeGreaterThan(5);
      expect(threaded.requests).toBe(0);
      expect(threaded.records).toEqual(expected);
      expect(fromSidecars.records).toEqual(expected);
      expect(fetched.records).toEqual(expected);
    } finally {
      await s.close();
    }
  });
});
