/**
 * Materialization: idempotent (the same bytes on a re-run, in halves or whole), upserts by (Code, Date), continues
 * incrementally, keeps targets out, and leaves the online store equal to the last offline row within TTL.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay, parseDay } from '../../engine/dates.ts';
import { columnNames, readTable } from '../../store/table.ts';
import { buildConfig, type StoreConfig } from '../../store/config.ts';
import { entitiesFromRows } from '../../store/entities.ts';
import { getHistoricalFeatures } from '../../store/history.ts';
import { materialize, materializeIncremental } from '../../store/materialize.ts';
import { localBackend } from '../../store/offline-local.ts';
import { getOnlineFeatures } from '../../store/online-features.ts';
import { openOnline } from '../../store/online.ts';
import { formatJst, jstInstant } from '../../store/time.ts';
import { sampleDataset, tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
let dataset: string;
let first: string;
let last: string;

/** Every partition file's bytes, by path. */
async function partitionBytes(config: StoreConfig): Promise<Map<string, Buffer>> {
  const root = (config.offline as { dir: string }).dir;
  const files = (await localBackend(root).list()).filter((f) => f.endsWith('.parquet'));
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(join(root, f))] as [string, Buffer])));
}

function store(name: string): StoreConfig {
  return buildConfig(join(dir, name, 'gq.store.json'), {});
}

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  dataset = await sampleDataset();
  const t = await readTable(dataset, []);
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of t.date) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
  first = formatDay(lo);
  last = formatDay(hi);
}, 120_000);
afterAll(() => done());

describe('materialize', () => {
  it('writes the same bytes when run twice, and when a middle range is run again', async () => {
    const c = store('twice');
    await materialize(c, { dataset });
    const a = await partitionBytes(c);
    await materialize(c, { dataset });
    const b = await partitionBytes(c);
    await materialize(c, { dataset, from: formatDay(parseDay(first) + 40), to: formatDay(parseDay(first) + 70) });
    const m = await partitionBytes(c);
    expect(a.size).toBeGreaterThan(3);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [f, bytes] of a) {
      expect(b.get(f)!.equals(bytes), f).toBe(true);
      expect(m.get(f)!.equals(bytes), f).toBe(true);
    }
  });

  it('gives the same partition files in two halves (split mid-month) as in one run', async () => {
    const whole = store('whole');
    const halves = store('halves');
    await materialize(whole, { dataset, offlineOnly: true });
    const mid = parseDay(first) + 75;
    await materialize(halves, { dataset, to: formatDay(mid), offlineOnly: true });
    await materialize(halves, { dataset, from: formatDay(mid + 1), offlineOnly: true });
    const a = await partitionBytes(whole);
    const b = await partitionBytes(halves);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), f).toBe(true);
  });

  it('continues incrementally from the day after the last materialized day', async () => {
    const c = store('incremental');
    const mid = formatDay(parseDay(first) + 50);
    const r1 = await materializeIncremental(c, { dataset, end: mid });
    const r2 = await materializeIncremental(c, { dataset, end: last });
    expect([r1.from, r1.to]).toEqual([first, mid]);
    expect([r2.from, r2.to]).toEqual([formatDay(parseDay(mid) + 1), last]);
    // Up to date (Feast's materialize_incremental does nothing and succeeds): nothing is written.
    const manifest = join((c.offline as { dir: string }).dir, '_manifest.json');
    const [before, listed] = [await partitionBytes(c), await readFile(manifest, 'utf8')];
    const r3 = await materializeIncremental(c, { dataset, end: mid });
    expect(r3).toMatchObject({ upToDate: last, rows: 0, partitions: 0 });
    expect(await readFile(manifest, 'utf8')).toBe(listed);
    const after = await partitionBytes(c);
    for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes), f).toBe(true);
    const whole = store('twice');
    const a = await partitionBytes(whole);
    const b = await partitionBytes(c);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), f).toBe(true);
  });

  it('keeps every target out of the offline and online stores', async () => {
    const c = store('twice');
    const files = [...(await partitionBytes(c)).keys()];
    const cols = await columnNames(join((c.offline as { dir: string }).dir, files[0]!));
    expect(cols.slice(0, 2)).toEqual(['Code', 'Date']);
    expect(cols.filter((x) => x.startsWith('target_'))).toEqual([]);
    expect(cols.length).toBe((await columnNames(dataset)).length - 8);
    const online = await openOnline(c.online);
    try {
      const meta = await online.meta();
      expect(Object.values(meta).flatMap((m) => m.features).filter((f) => f.startsWith('target_'))).toEqual([]);
    } finally {
      await online.close();
    }
  });

  it('leaves the online vector equal to the last offline row within TTL, for every code', async () => {
    const c = store('twice');
    const t = await readTable(dataset, []);
    const online = await openOnline(c.online);
    try {
      const r = await getOnlineFeatures(online, { codes: t.codes });
      const at = formatJst(jstInstant(parseDay(last), 16 * 60 + 30));
      const h = await getHistoricalFeatures(c, entitiesFromRows(t.codes.map((code) => ({ Code: code, event_timestamp: at }))));
      expect(r.refs.map((x) => x.ref)).toEqual(h.refs.map((x) => x.ref));
      let present = 0;
      for (let f = 0; f < r.refs.length; f++) {
        for (let i = 0; i < t.codes.length; i++) {
          const o = r.values[f]![i]!;
          const x = h.values[f]![i]!;
          if (Number.isNaN(o) ? !Number.isNaN(x) : o !== x) expect({ f: r.refs[f]!.ref, code: t.codes[i], o }).toEqual({ f: r.refs[f]!.ref, code: t.codes[i], o: x });
          if (r.days[f]![i]! >= 0) present++;
        }
      }
      expect(present).toBeGreaterThan(0);
      // codes whose last row is older than the TTL are not online (and null in the join)
      expect(r.missing.length).toBeGreaterThan(0);
    } finally {
      await online.close();
    }
  });
});
