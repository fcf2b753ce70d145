/**
 * The two online stores hold the same thing: SQLite (node:sqlite, WAL) and Redis (a real redis-server on a free
 * loopback port, started and stopped here). Vectors round-trip bit for bit, an older materialization never
 * replaces a newer row, and a Redis that does not answer is one clear error line.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig, type StoreConfig } from '../../store/config.ts';
import { materialize } from '../../store/materialize.ts';
import { getOnlineFeatures } from '../../store/online-features.ts';
import { openOnline } from '../../store/online.ts';
import { readTable } from '../../store/table.ts';
import { PACKED_READ_CODES } from '../../store/packed-view.ts';
import { HAVE_REDIS, freePort, sampleDataset, startRedis, tempDir, type RedisServer } from './helpers.ts';

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

const kinds = HAVE_REDIS ? ['sqlite', 'redis'] : ['sqlite'];
if (!HAVE_REDIS) it.skip('redis-server is not installed (apt-get install redis-server): the Redis online store is not tested', () => undefined);

function config(kind: string): StoreConfig {
  const online = kind === 'sqlite' ? `sqlite:${join(dir, 'online.db')}` : `redis://127.0.0.1:${redis!.port}/0`;
  return buildConfig(join(dir, kind, 'gq.store.json'), { online });
}

describe.each(kinds)('the %s online store', (kind) => {
  it('holds each code\'s last row of the dataset (read back bit for bit)', async () => {
    const c = config(kind);
    await materialize(c, { dataset });
    const t = await readTable(dataset, ['Close', 'rsi_14', 'macd']);
    const last = new Map<string, number>();
    for (let i = 0; i < t.rows; i++) last.set(t.codes[t.code[i]!]!, i); // rows are in (code, date) order
    const store = await openOnline(c.online);
    try {
      const codes = [...last.keys()];
      const r = await getOnlineFeatures(store, { codes, features: ['bars:Close', 'technical:rsi_14', 'macd'] });
      let checked = 0;
      codes.forEach((code, i) => {
        if (r.days[0]![i]! < 0) return; // past the TTL (a delisted code)
        const row = last.get(code)!;
        expect(r.days[0]![i]).toBe(t.date[row]);
        for (const [f, name] of ['Close', 'rsi_14', 'macd'].entries()) expect(Object.is(r.values[f]![i], t.columns[name]![row])).toBe(true);
        checked++;
      });
      expect(checked).toBeGreaterThan(10);
    } finally {
      await store.close();
    }
  });

  it('reads many codes (the packed views) exactly as it reads a few (one row per code)', async () => {
    const c = config(kind);
    const store = await openOnline(c.online);
    try {
      const t = await readTable(dataset, []);
      const many = [...t.codes, ...Array.from({ length: PACKED_READ_CODES }, (_, i) => String(9000 + i))];
      const all = await getOnlineFeatures(store, { codes: many });
      expect(all.refs.length).toBeGreaterThan(60);
      for (const [i, code] of t.codes.entries()) {
        const one = await getOnlineFeatures(store, { codes: [code] });
        for (let f = 0; f < all.refs.length; f++) {
          expect(all.days[f]![i]).toBe(one.days[f]![0]);
          expect(Object.is(all.values[f]![i], one.values[f]![0])).toBe(true);
        }
      }
      expect(all.missing.length).toBe(PACKED_READ_CODES + 2); // the made-up codes and the two past their TTL
    } finally {
      await store.close();
    }
  });

  it('keeps the newer row when an older range is materialized after it', async () => {
    const c = config(kind);
    const store = await openOnline(c.online);
    try {
      const before = await getOnlineFeatures(store, { codes: ['35060'], views: ['bars'] });
      await materialize(c, { dataset, to: '2026-08-31' });
      const after = await getOnlineFeatures(store, { codes: ['35060'], views: ['bars'] });
      expect(after.days[0]![0]).toBe(before.days[0]![0]);
      expect(after.values.map((v) => v[0])).toEqual(before.values.map((v) => v[0]));
    } finally {
      await store.close();
    }
  });
});

describe.runIf(HAVE_REDIS)('a Redis online store that does not answer', () => {
  it('is one clear error line naming where', async () => {
    const port = await freePort();
    const c = buildConfig(join(dir, 'down', 'gq.store.json'), { online: `redis://127.0.0.1:${port}/0` });
    const err = await openOnline(c.online).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(new RegExp(`^online store redis://127\\.0\\.0\\.1:${port}/0 does not answer \\(.*ECONNREFUSED.*\\); start Redis there`));
    expect(err?.message.includes('\n')).toBe(false);
  });
});
