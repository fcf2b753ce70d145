/**
 * The Feast response text: the server's bytes (built from its views in memory) equal `gq store get --json`'s text
 * for the same rows, which holds the numbers as read; a cached response lives only while the store's version holds.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildConfig } from '../../store/config.ts';
import { feastResponse } from '../../store/feast-response.ts';
import { materialize } from '../../store/materialize.ts';
import { getOnlineFeatures } from '../../store/online-features.ts';
import { openOnline } from '../../store/online.ts';
import { PACKED_READ_CODES } from '../../store/packed-view.ts';
import { findRows, servedResponse } from '../../store/served-response.ts';
import { servedRefs, servedViews } from '../../store/served-views.ts';
import { readTable } from '../../store/table.ts';
import { sampleDataset, tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
beforeAll(async () => { ({ dir, done } = await tempDir()); }, 120_000);
afterAll(() => done());

it('writes from the served views the same text as from the rows read, holding the numbers as read', async () => {
  const dataset = await sampleDataset();
  const c = buildConfig(join(dir, 'gq.store.json'), {});
  await materialize(c, { dataset });
  const store = await openOnline(c.online);
  try {
    const t = await readTable(dataset, []);
    const codes = [...t.codes, ...Array.from({ length: PACKED_READ_CODES }, (_, i) => String(9000 + i))];
    const r = await getOnlineFeatures(store, { codes });
    const plain = feastResponse(r);
    const served = servedViews(await store.snapshot());
    const refs = servedRefs(served, r.refs.map((x) => x.ref));
    const found = findRows(refs, codes);
    expect(found.missing).toEqual(r.missing);
    expect(servedResponse(refs, codes, found).toString()).toBe(plain);
    expect(servedResponse(refs, codes, found).toString()).toBe(plain); // again, from the texts made the first time
    expect(servedResponse(refs, codes.slice(3, 4), findRows(refs, codes.slice(3, 4))).toString()).toBe(feastResponse(await getOnlineFeatures(store, { codes: codes.slice(3, 4) })));
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

it('serves a cached response only while the store keeps the version it was built at', async () => {
  const { responseCache } = await import('../../store/response-cache.ts');
  const dataset = await sampleDataset();
  const c = buildConfig(join(dir, 'cache', 'gq.store.json'), {});
  await materialize(c, { dataset });
  const store = await openOnline(c.online);
  const other = await openOnline(c.online); // another connection: sees the write through data_version
  try {
    const cache = responseCache();
    const v1 = await store.version();
    expect(await store.version()).toBe(v1);
    cache.set('body', v1, Buffer.from('text'));
    expect(cache.get('body', await store.version())?.toString()).toBe('text');
    expect(cache.get('other body', v1)).toBeUndefined();
    const seen = await other.version();
    await materialize(c, { dataset, from: '2026-11-20' });
    expect(await store.version()).not.toBe(v1);
    expect(await other.version()).not.toBe(seen);
    expect(cache.get('body', await store.version())).toBeUndefined();
  } finally {
    await store.close();
    await other.close();
  }
});
