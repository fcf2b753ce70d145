/** The Feast response text: the same with and without the server's number-text cache, and the same numbers as read. */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildConfig } from '../../store/config.ts';
import { feastResponse, type FormatCache } from '../../store/feast-response.ts';
import { materialize } from '../../store/materialize.ts';
import { getOnlineFeatures } from '../../store/online-features.ts';
import { openOnline } from '../../store/online.ts';
import { PACKED_READ_CODES } from '../../store/packed-view.ts';
import { readTable } from '../../store/table.ts';
import { sampleDataset, tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
beforeAll(async () => { ({ dir, done } = await tempDir()); }, 120_000);
afterAll(() => done());

it('writes the same text from the cache as without it, holding the numbers as read', async () => {
  const dataset = await sampleDataset();
  const c = buildConfig(join(dir, 'gq.store.json'), {});
  await materialize(c, { dataset });
  const store = await openOnline(c.online);
  try {
    const t = await readTable(dataset, []);
    const codes = [...t.codes, ...Array.from({ length: PACKED_READ_CODES }, (_, i) => String(9000 + i))];
    const r = await getOnlineFeatures(store, { codes });
    expect(r.reads.get('bars')!.version).toBeDefined(); // read packed
    const cache: FormatCache = new Map();
    const plain = feastResponse(r);
    expect(feastResponse(r, cache)).toBe(plain);
    expect(cache.get('bars')!.byCode.size).toBe(18);
    expect(feastResponse(r, cache)).toBe(plain);
    const body = JSON.parse(plain) as { results: { values: (number | string | null)[]; statuses: string[] }[] };
    r.refs.forEach((_, f) => {
      body.results[f + 1]!.values.forEach((v, i) => {
        const x = r.values[f]![i]!;
        expect(v).toBe(Number.isNaN(x) ? null : x);
        expect(body.results[f + 1]!.statuses[i]).toBe(r.days[f]![i]! < 0 ? 'NOT_FOUND' : Number.isNaN(x) ? 'NULL_VALUE' : 'PRESENT');
      });
    });
  } finally {
    await store.close();
  }
});

it('serves a cached whole-universe response only while every view it read is unchanged', async () => {
  const { responseCache } = await import('../../store/response-cache.ts');
  const dataset = await sampleDataset();
  const c = buildConfig(join(dir, 'cache', 'gq.store.json'), {});
  await materialize(c, { dataset });
  const store = await openOnline(c.online);
  try {
    const t = await readTable(dataset, []);
    const codes = [...t.codes, ...Array.from({ length: PACKED_READ_CODES }, (_, i) => String(9000 + i))];
    const cache = responseCache();
    const first = await getOnlineFeatures(store, { codes, views: ['bars'] });
    cache.set('body', first, Buffer.from('text'));
    expect(cache.get('body', await getOnlineFeatures(store, { codes, views: ['bars'] }))?.toString()).toBe('text');
    expect(cache.get('other body', first)).toBeUndefined();
    await materialize(c, { dataset, from: '2026-11-20' }); // rewrites (and re-versions) every view
    expect(cache.get('body', await getOnlineFeatures(store, { codes, views: ['bars'] }))).toBeUndefined();
    const few = await getOnlineFeatures(store, { codes: t.codes.slice(0, 3), views: ['bars'] });
    cache.set('few', few, Buffer.from('text'));
    expect(cache.get('few', few)).toBeUndefined(); // not read packed: never cached
  } finally {
    await store.close();
  }
});
