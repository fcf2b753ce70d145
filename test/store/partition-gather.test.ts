/**
 * The partition-wise gather of the point-in-time join (store/offline-keys.ts, store/partition-gather.ts,
 * store/gather-thread.ts). Expected values are worked by hand on three small partition files, and, on a store
 * materialized from the sample dataset, they come from an independent reference written here: every partition read
 * whole (readTable), each entity matched by a row-by-row scan of its code's rows, and the value taken from the whole
 * table. Tolerance: none (the same doubles are read both ways; NaN = null).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay } from '../../engine/dates.ts';
import { sharedF64 } from '../../engine/shared.ts';
import { writeParquet } from '../../io/parquet/write-parquet.ts';
import { makePrng } from '../../io/sample/prng.ts';
import { buildConfig } from '../../store/config.ts';
import { startGatherThread } from '../../store/gather-thread.ts';
import type { Manifest } from '../../store/manifest.ts';
import { materialize, readManifest } from '../../store/materialize.ts';
import { localBackend } from '../../store/offline-local.ts';
import { readOfflineKeys, type OfflineKeys } from '../../store/offline-keys.ts';
import { checkNumeric, gatherColumns, partitionLists, type GatherColumn } from '../../store/partition-gather.ts';
import { asOfMatch, codeRuns, entityRuns } from '../../store/pit-join.ts';
import { readTable, type StoreTable } from '../../store/table.ts';
import { JST_OFFSET_MS, jstInstant, MS_PER_DAY } from '../../store/time.ts';
import { sampleDataset, tempDir } from './helpers.ts';

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
};

describe('three hand-made partitions', () => {
  let dir: string;
  let done: () => Promise<void>;
  let keys: OfflineKeys;
  const d = (s: string): number => parseDay(s);

  beforeAll(async () => {
    ({ dir, done } = await tempDir());
    // May: A on 05-30, 05-31; B on 05-31. June: A on 06-02 (no column b in this file). July: B on 07-01, text column s.
    const part = async (name: string, codes: string[], code: number[], dates: string[], cols: Record<string, number[]>, text?: string[]): Promise<string> => {
      const path = join(dir, name);
      await writeParquet(path, [
        { name: 'Code', kind: 'dict', indices: Int32Array.from(code), dictionary: codes },
        { name: 'Date', kind: 'date', values: Int32Array.from(dates, d) },
        ...Object.entries(cols).map(([n, v]) => ({ name: n, kind: 'f64' as const, values: Float64Array.from(v) })),
        ...(text === undefined ? [] : [{ name: 's', kind: 'dict' as const, indices: Int32Array.from(text, (_, i) => i), dictionary: text }]),
      ]);
      return name;
    };
    const manifest: Manifest = {
      version: 1, columns: ['a', 'b'], views: [], materialized: [],
      partitions: [
        // listed out of order: the keys come back months ascending
        { month: 202407, path: await part('m7.parquet', ['B'], [0], ['2024-07-01'], { a: [7], b: [70] }, ['x']), rows: 1, bytes: 0, codes: 1, from: '', to: '' },
        { month: 202405, path: await part('m5.parquet', ['A', 'B'], [0, 0, 1], ['2024-05-30', '2024-05-31', '2024-05-31'], { a: [1, 2, Number.NaN], b: [10, 20, 30] }), rows: 3, bytes: 0, codes: 2, from: '', to: '' },
        { month: 202406, path: await part('m6.parquet', ['A'], [0], ['2024-06-02'], { a: [4] }), rows: 1, bytes: 0, codes: 1, from: '', to: '' },
      ],
    };
    keys = await readOfflineKeys(localBackend(dir), manifest);
  });
  afterAll(() => done());

  it('reads Code and Date of every partition, months ascending, under one code dictionary', () => {
    expect(keys.rows).toBe(5);
    expect(keys.codes).toEqual(['A', 'B']);
    expect([...keys.code]).toEqual([0, 0, 1, 0, 1]);
    expect([...keys.date]).toEqual(['2024-05-30', '2024-05-31', '2024-05-31', '2024-06-02', '2024-07-01'].map(d));
    expect([...keys.part]).toEqual([0, 0, 0, 1, 2]);
    expect([...keys.base]).toEqual([0, 3, 4]);
    expect(keys.files.map((f) => [f.path.endsWith('m5.parquet'), f.rows])).toEqual([[true, 3], [false, 1], [false, 1]]);
  });

  it('lists the entities matched into each partition, in entity order, with their row in the file', () => {
    // entities 0..5 matched to global rows 3, -1, 1, 4, 1, 0
    const l = partitionLists(Int32Array.from([3, -1, 1, 4, 1, 0]), keys.part, keys.base);
    expect([...l.start]).toEqual([0, 3, 4, 5]);
    expect([...l.entity]).toEqual([2, 4, 5, 0, 3]);
    expect([...l.row]).toEqual([1, 1, 0, 0, 0]);
  });

  it('scatters the matched values, with nulls for unmatched entities and for a partition without the column', async () => {
    const match = Int32Array.from([3, -1, 1, 4, 1, 0, 2]);
    const lists = [partitionLists(match, keys.part, keys.base)];
    const a = new Float64Array(7).fill(-1);
    const b = new Float64Array(7).fill(-1);
    await gatherColumns({ files: keys.files, lists, columns: [{ name: 'a', lists: 0, out: a }, { name: 'b', lists: 0, out: b }] });
    expect(same(a, [4, Number.NaN, 2, 7, 2, 1, Number.NaN])).toBe(true);
    expect(same(b, [Number.NaN, Number.NaN, 20, 70, 20, 10, 30])).toBe(true);
  });

  it('gives the same values in groups of one column as all at once, and fills a column asked twice in both places', async () => {
    const lists = [partitionLists(Int32Array.from([0, 1, 2, 3, 4]), keys.part, keys.base), partitionLists(Int32Array.from([4, 3, -1, 1, 0]), keys.part, keys.base)];
    const cols = (): GatherColumn[] => [{ name: 'a', lists: 0, out: new Float64Array(5) }, { name: 'b', lists: 1, out: new Float64Array(5) }, { name: 'a', lists: 1, out: new Float64Array(5) }];
    const one = cols();
    const all = cols();
    await gatherColumns({ files: keys.files, lists, columns: one }, 1);
    await gatherColumns({ files: keys.files, lists, columns: all });
    expect(same(all[0]!.out, [1, 2, Number.NaN, 4, 7])).toBe(true);
    expect(same(all[1]!.out, [70, Number.NaN, Number.NaN, 20, 10])).toBe(true);
    expect(same(all[2]!.out, [7, 4, Number.NaN, 2, 1])).toBe(true);
    for (let i = 0; i < 3; i++) expect(same(one[i]!.out, all[i]!.out)).toBe(true);
  });

  it('refuses a text column by name and file', () => {
    expect(() => checkNumeric(keys.files, ['a', 's'])).toThrow(/m7\.parquet: column s is not numeric/);
    expect(() => checkNumeric(keys.files, ['a', 'b', 'missing'])).not.toThrow();
  });
});

describe('the sample store (several month partitions)', () => {
  let dir: string;
  let done: () => Promise<void>;
  let keys: OfflineKeys;
  let whole: StoreTable;
  let features: string[];
  const n = 4000;
  const codes: string[] = [];
  const ts = new Float64Array(n);

  beforeAll(async () => {
    ({ dir, done } = await tempDir());
    const config = buildConfig(join(dir, 'gq.store.json'), {});
    await materialize(config, { dataset: await sampleDataset(), offlineOnly: true });
    const backend = localBackend((config.offline as { dir: string }).dir);
    const manifest = await readManifest(backend);
    features = manifest.columns;
    keys = await readOfflineKeys(backend, manifest);
    // the reference: every partition read whole, in the same order, one code dictionary
    const parts = await Promise.all(keys.files.map((f) => readTable(f.path, features)));
    const rows = parts.reduce((s, p) => s + p.rows, 0);
    whole = { rows, codes: keys.codes, code: new Int32Array(rows), date: new Int32Array(rows), columns: Object.fromEntries(features.map((f) => [f, new Float64Array(rows)])) };
    let at = 0;
    for (const p of parts) {
      for (let i = 0; i < p.rows; i++) {
        whole.code[at + i] = keys.codes.indexOf(p.codes[p.code[i]!]!);
        whole.date[at + i] = p.date[i]!;
        for (const f of features) whole.columns[f]![at + i] = p.columns[f]![i]!;
      }
      at += p.rows;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of whole.date) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
    // timestamps from before the first row to past the TTL; many early in a month (matched in the previous month's
    // partition); two codes the store does not hold
    const rng = makePrng(3);
    const pool = [...keys.codes, '0000', 'ZZZZ'];
    for (let i = 0; i < n; i++) {
      codes.push(pool[rng.int(0, pool.length)]!);
      let day = rng.int(lo - 3, hi + 30);
      if (rng.next() < 0.3) day = parseDay(`${new Date(day * MS_PER_DAY).toISOString().slice(0, 8)}01`) + rng.int(0, 3);
      ts[i] = jstInstant(day, rng.int(0, 1440));
    }
  }, 120_000);
  afterAll(() => done());

  it('matches the keys read whole', () => {
    expect(same(keys.code, whole.code)).toBe(true);
    expect(same(keys.date, whole.date)).toBe(true);
  });

  it('gathers the same values partition by partition, on the calling thread and on the gathering thread, as from the whole table', async () => {
    const offsetMs = 990 * 60_000 - JST_OFFSET_MS;
    const ttlMs = 14 * MS_PER_DAY;
    const index = new Map(keys.codes.map((c, k) => [c, k]));
    const entCode = Int32Array.from(codes, (c) => index.get(c) ?? -1);
    const match = asOfMatch(codeRuns(keys.code, keys.date, keys.codes.length), entityRuns(entCode, ts, keys.codes.length), offsetMs, ttlMs, n);
    // reference match: a scan of every store row per entity
    const ref = new Int32Array(n).fill(-1);
    for (let e = 0; e < n; e++) {
      let best = -1;
      for (let r = 0; r < whole.rows; r++) {
        if (whole.code[r] !== entCode[e]) continue;
        const avail = whole.date[r]! * MS_PER_DAY + offsetMs;
        if (avail <= ts[e]! && (best < 0 || whole.date[r]! > whole.date[best]!)) best = r;
      }
      if (best >= 0 && ts[e]! - (whole.date[best]! * MS_PER_DAY + offsetMs) <= ttlMs) ref[e] = best;
    }
    expect(same(match, ref)).toBe(true);
    const kinds = { matched: 0, previousMonth: 0, absent: 0, expired: 0 };
    for (let e = 0; e < n; e++) {
      if (entCode[e]! < 0) kinds.absent++;
      else if (ref[e]! < 0) kinds.expired++;
      else {
        kinds.matched++;
        if (new Date(whole.date[ref[e]!]! * MS_PER_DAY).getUTCMonth() !== new Date(ts[e]! + JST_OFFSET_MS).getUTCMonth()) kinds.previousMonth++;
      }
    }
    expect(Math.min(kinds.matched, kinds.previousMonth, kinds.absent, kinds.expired)).toBeGreaterThan(20);

    const lists = [partitionLists(match, keys.part, keys.base, true)];
    const here = features.map((f) => ({ name: f, lists: 0, out: new Float64Array(n) }));
    await gatherColumns({ files: keys.files, lists, columns: here });
    const there = features.map((f) => ({ name: f, lists: 0, out: sharedF64(n, 0) }));
    const thread = startGatherThread();
    try {
      await thread.run({ files: keys.files, lists, columns: there });
    } finally {
      await thread.close();
    }
    let nonNull = 0;
    features.forEach((f, i) => {
      const col = whole.columns[f]!;
      const expected = Float64Array.from(ref, (r) => (r < 0 ? Number.NaN : col[r]!));
      for (const v of expected) if (!Number.isNaN(v)) nonNull++;
      expect(same(here[i]!.out, expected), f).toBe(true);
      expect(same(there[i]!.out, expected), f).toBe(true);
    });
    expect(nonNull).toBeGreaterThan(features.length * 1000);
  });

  it('reports a failure on the gathering thread as an error naming the file', async () => {
    const thread = startGatherThread();
    try {
      const files = [{ ...keys.files[0]!, path: join(dir, 'gone.parquet') }];
      const lists = [partitionLists(Int32Array.from([0]), new Uint16Array([0]), new Int32Array([0]), true)];
      await expect(thread.run({ files, lists, columns: [{ name: features[0]!, lists: 0, out: sharedF64(1, 0) }] })).rejects.toThrow(/gone\.parquet/);
    } finally {
      await thread.close();
    }
  });
});
