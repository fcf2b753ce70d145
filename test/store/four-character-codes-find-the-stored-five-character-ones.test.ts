/**
 * Users type 7203; J-Quants V2 and the store keep 72030. Online reads, the feature server and the historical join
 * take either form and answer with the code as given (hand-made two-row dataset; the values are its own).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay } from '../../engine/dates.ts';
import { writeParquet } from '../../io/parquet/write-parquet.ts';
import { buildConfig, type StoreConfig } from '../../store/config.ts';
import { entitiesFromRows } from '../../store/entities.ts';
import { getHistoricalFeatures } from '../../store/history.ts';
import { materialize } from '../../store/materialize.ts';
import { getOnlineFeatures } from '../../store/online-features.ts';
import { openOnline, type OnlineStore } from '../../store/online.ts';
import { startServer, type FeatureServer } from '../../store/server.ts';
import { tempDir } from './helpers.ts';

const CODES = ['72030', '130A0'];

let dir: string;
let done: () => Promise<void>;
let config: StoreConfig;
let store: OnlineStore;
let server: FeatureServer;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  await writeParquet(join(dir, 'dataset.parquet'), [
    { name: 'Code', kind: 'dict', indices: Int32Array.from([0, 1]), dictionary: CODES },
    { name: 'Date', kind: 'date', values: Int32Array.from(['2025-06-09', '2025-06-09'], parseDay) },
    { name: 'Close', kind: 'f64', values: Float64Array.from([2500, 810]) },
  ]);
  config = buildConfig(join(dir, 'gq.store.json'), {});
  await materialize(config, { dataset: join(dir, 'dataset.parquet') });
  store = await openOnline(config.online);
  server = await startServer(store, { port: 0 });
});
afterAll(async () => {
  await server?.close();
  await store?.close();
  await done();
});

describe('a 4-character code', () => {
  it('reads the stored 5-character code online, named as given', async () => {
    const r = await getOnlineFeatures(store, { codes: ['7203', '130a', '72030'], features: ['bars:Close'] });
    expect(r.codes).toEqual(['7203', '130a', '72030']);
    expect([...r.values[0]!]).toEqual([2500, 810, 2500]);
    expect(r.missing).toEqual([]);
  });

  it('is served by the feature server, echoed as given', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/get-online-features`, { method: 'POST', body: JSON.stringify({ features: ['bars:Close'], entities: { Code: ['7203', '130A0'] } }) });
    const json = await res.json() as { results: { values: unknown[] }[] };
    expect(res.status).toBe(200);
    expect(json.results[0]!.values).toEqual(['7203', '130A0']);
    expect(json.results[1]!.values).toEqual([2500, 810]);
  });

  it('joins in the historical join', async () => {
    const r = await getHistoricalFeatures(config, entitiesFromRows([{ Code: '7203', event_timestamp: '2025-06-10T10:00:00+09:00' }, { Code: '130A', event_timestamp: '2025-06-10T10:00:00+09:00' }]), ['Close']);
    expect([...r.values[0]!]).toEqual([2500, 810]);
  });

  it('that the store does not hold in either form is still unknown', async () => {
    const r = await getOnlineFeatures(store, { codes: ['9984'], features: ['bars:Close'] });
    expect(r.missing).toEqual(['9984']);
  });
});
