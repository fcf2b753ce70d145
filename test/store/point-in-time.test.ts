/**
 * Point-in-time retrieval on a hand-made dataset (expected rows worked out by hand): bar features of day d are
 * known from d 16:30 JST, a planted future row never reaches an earlier timestamp, TTL expiry and unknown codes
 * give null, and targets are never served.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay } from '../../engine/dates.ts';
import { writeParquet } from '../../io/parquet/write-parquet.ts';
import { buildConfig, type StoreConfig } from '../../store/config.ts';
import { entitiesFromRows } from '../../store/entities.ts';
import { getHistoricalFeatures } from '../../store/history.ts';
import { materialize } from '../../store/materialize.ts';
import { tempDir } from './helpers.ts';

const CODES = ['7203', '9984'];
// Close doubles as the row's label: 100 + day of month for 7203, 500 + day for 9984; 999 is the planted future row.
const ROWS: [number, string, number][] = [
  [0, '2025-06-06', 106], [0, '2025-06-09', 109], [0, '2025-06-10', 110], [0, '2025-06-20', 999], [1, '2025-05-01', 501],
];

let dir: string;
let done: () => Promise<void>;
let config: StoreConfig;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  const n = ROWS.length;
  await writeParquet(join(dir, 'dataset.parquet'), [
    { name: 'Code', kind: 'dict', indices: Int32Array.from(ROWS, (r) => r[0]), dictionary: CODES },
    { name: 'Date', kind: 'date', values: Int32Array.from(ROWS, (r) => parseDay(r[1])) },
    { name: 'Close', kind: 'f64', values: Float64Array.from(ROWS, (r) => r[2]) },
    { name: 'returns_1d', kind: 'f64', values: Float64Array.from(ROWS, (r) => r[2] / 1000) },
    { name: 'target_1d', kind: 'f64', values: new Float64Array(n).fill(7) },
  ]);
  config = buildConfig(join(dir, 'gq.store.json'), {});
  await materialize(config, { dataset: join(dir, 'dataset.parquet') });
});
afterAll(() => done());

async function closeAt(code: string, ts: string): Promise<number | null> {
  const r = await getHistoricalFeatures(config, entitiesFromRows([{ Code: code, event_timestamp: ts }]), ['Close']);
  const v = r.values[0]![0]!;
  return Number.isNaN(v) ? null : v;
}

describe('a historical join', () => {
  it('gives the 9th\'s bar features to a 10:00 JST timestamp on the 10th', async () => {
    expect(await closeAt('7203', '2025-06-10T10:00:00+09:00')).toBe(109);
  });
  it('gives the 10th\'s bar features at 17:00 JST on the 10th', async () => {
    expect(await closeAt('7203', '2025-06-10T17:00:00+09:00')).toBe(110);
  });
  it('switches to the day\'s row exactly at 16:30 JST, not a millisecond before', async () => {
    expect(await closeAt('7203', '2025-06-10T16:30:00+09:00')).toBe(110);
    expect(await closeAt('7203', '2025-06-10T16:29:59.999+09:00')).toBe(109);
  });
  it('reads a UTC timestamp as the same instant (01:30Z is 10:30 JST)', async () => {
    expect(await closeAt('7203', '2025-06-10T01:30:00Z')).toBe(109);
    expect(await closeAt('7203', '2025-06-10T08:00:00Z')).toBe(110);
  });
  it('reads a timestamp without an offset as JST', async () => {
    expect(await closeAt('7203', '2025-06-10 17:00')).toBe(110);
    expect(await closeAt('7203', '2025-06-10T10:00:00')).toBe(109);
  });
  it('never lets the planted future row reach an earlier timestamp', async () => {
    expect(await closeAt('7203', '2025-06-19T17:00:00+09:00')).toBe(110);
    expect(await closeAt('7203', '2025-06-20T16:29:00+09:00')).toBe(110);
    expect(await closeAt('7203', '2025-06-20T16:30:00+09:00')).toBe(999);
  });
  it('gives null before the first row is known', async () => {
    expect(await closeAt('7203', '2025-06-06T10:00:00+09:00')).toBeNull();
  });
  it('gives null once the row is older than the 14-day TTL', async () => {
    expect(await closeAt('9984', '2025-05-01T17:00:00+09:00')).toBe(501);
    expect(await closeAt('9984', '2025-05-15T16:30:00+09:00')).toBe(501);
    expect(await closeAt('9984', '2025-05-15T16:30:00.001+09:00')).toBeNull();
    expect(await closeAt('9984', '2025-06-10T17:00:00+09:00')).toBeNull();
  });
  it('gives a null row, not an error, for a code the store does not hold', async () => {
    const r = await getHistoricalFeatures(config, entitiesFromRows([{ Code: '1301', event_timestamp: '2025-06-10T17:00:00+09:00' }, { Code: '7203', event_timestamp: '2025-06-10T17:00:00+09:00' }]));
    expect(r.values.map((v) => v[0])).toEqual(r.values.map(() => Number.NaN));
    expect(r.values.map((v) => v[1])).toEqual([110, 0.11]);
  });
  it('keeps the entities\' order and never serves a target', async () => {
    const r = await getHistoricalFeatures(config, entitiesFromRows([
      { Code: '9984', event_timestamp: '2025-05-02T09:00:00+09:00' }, { Code: '7203', event_timestamp: '2025-06-09T20:00:00+09:00' },
    ]));
    expect(r.refs.map((x) => x.ref)).toEqual(['bars:Close', 'returns:returns_1d']);
    expect(Array.from(r.values[0]!)).toEqual([501, 109]);
    await expect(getHistoricalFeatures(config, entitiesFromRows([{ Code: '7203', event_timestamp: '2025-06-10' }]), ['target_1d'])).rejects.toThrow(/target_1d.*labels/);
  });
});
