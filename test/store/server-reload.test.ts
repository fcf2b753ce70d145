/**
 * The feature server holds the online store's views in memory: a materialization by another process (or
 * connection) is served at once, for one code and for a cached request of many codes, on SQLite and on Redis.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig, type StoreConfig } from '../../store/config.ts';
import { materialize } from '../../store/materialize.ts';
import { openOnline } from '../../store/online.ts';
import { PACKED_READ_CODES } from '../../store/packed-view.ts';
import { startServer } from '../../store/server.ts';
import { readTable } from '../../store/table.ts';
import { HAVE_REDIS, sampleDataset, startRedis, tempDir, type RedisServer } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
let dataset: string;
let redis: RedisServer | undefined;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  dataset = await sampleDataset();
  if (HAVE_REDIS) redis = await startRedis();
}, 120_000);
afterAll(async () => {
  await redis?.stop();
  await done();
});

async function post(port: number, body: unknown): Promise<any> {
  const r = await fetch(`http://127.0.0.1:${port}/get-online-features`, { method: 'POST', body: JSON.stringify(body) });
  const json = await r.json();
  expect(r.status, JSON.stringify(json)).toBe(200);
  return json;
}

const kinds = HAVE_REDIS ? ['sqlite', 'redis'] as const : ['sqlite'] as const;
describe.each(kinds)('a server on %s', (kind) => {
  it('serves a new materialization at once, also in place of a cached response', async () => {
    const c: StoreConfig = buildConfig(join(dir, kind, 'gq.store.json'), kind === 'redis' ? { online: `redis://127.0.0.1:${redis!.port}/${1}` } : {});
    await materialize(c, { dataset, to: '2026-10-30' });
    const store = await openOnline(c.online, { reconnect: true });
    const server = await startServer(store, { port: 0 });
    try {
      const t = await readTable(dataset, ['Close']);
      let last = -1;
      for (const d of t.date) last = Math.max(last, d);
      const many = [...new Set(Array.from(t.code).filter((_, i) => t.date[i] === last).map((k) => t.codes[k]!))].slice(0, PACKED_READ_CODES); // trading on the last day
      const codes = [...many, ...Array.from({ length: PACKED_READ_CODES - many.length }, () => many[0]!)]; // cached: >= PACKED_READ_CODES codes
      const q = { features: ['bars:Close', 'technical:rsi_14'], entities: { Code: codes } };
      const before = await post(server.port, q);
      expect((await post(server.port, q))).toEqual(before); // the cached bytes
      expect(before.results[1].event_timestamps[0]).toBe('2026-10-30T07:30:00Z');
      const oneBefore = await post(server.port, { features: ['bars:Close'], entities: { Code: [codes[0]] } });
      await materialize(c, { dataset }); // another connection writes: up to 2026-11-20
      const after = await post(server.port, q);
      expect(after.results[1].event_timestamps[0]).toBe('2026-11-20T07:30:00Z');
      const row = t.code.findIndex((k, i) => t.codes[k] === codes[0] && t.date[i] === last);
      expect(row).toBeGreaterThanOrEqual(0);
      expect(after.results[1].values[0]).toBe(Number.isNaN(t.columns.Close![row]!) ? null : t.columns.Close![row]!);
      const oneAfter = await post(server.port, { features: ['bars:Close'], entities: { Code: [codes[0]] } });
      expect(oneAfter.results[1].event_timestamps[0]).toBe('2026-11-20T07:30:00Z');
      expect(oneAfter.results[1].event_timestamps[0]).not.toBe(oneBefore.results[1].event_timestamps[0]);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
