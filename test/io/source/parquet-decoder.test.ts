/** The long-lived decoding thread: columns decoded in turns into shared arrays, in a given row order, as written. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeParquet } from '../../../io/parquet/index.ts';
import { readParquetFooter } from '../../../io/source/parquet-columns.ts';
import { openColumnDecoder } from '../../../io/source/parquet-decoder.ts';

const N = 5000;
const shared = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(n * 8));
/** Row r of the file goes to place (r * 7) mod N (7 is prime to 5000). */
const order = Int32Array.from({ length: N }, (_, r) => (r * 7) % N);
const a = Float64Array.from({ length: N }, (_, r) => (r % 9 === 4 ? Number.NaN : r * 0.5 - 100));
const b = Float64Array.from({ length: N }, (_, r) => (r % 13 === 0 ? Number.NaN : Math.sqrt(r)));

describe('openColumnDecoder', () => {
  let dir = '';
  let path = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gq-decoder-'));
    path = join(dir, 'ab.parquet');
    // Several row groups and pages, nulls across their edges, and a string column that is not a float.
    await writeParquet(path, [
      { name: 'a', kind: 'f64', values: a },
      { name: 'b', kind: 'f64', values: b },
      { name: 's', kind: 'dict', indices: new Int32Array(N), dictionary: ['x'] },
    ], { rowGroupSize: 1700, pageRows: 600 });
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('decodes column after column into the arrays given, each file row at its place, nulls as NaN', async () => {
    const d = openColumnDecoder(path, await readParquetFooter(path), order);
    try {
      const into = { a: shared(N), b: shared(N) };
      await d.decode(['a'], into);
      await d.decode(['b'], into);
      for (let r = 0; r < N; r++) {
        expect(Object.is(into.a[order[r]!], a[r]), `a row ${r}`).toBe(true);
        expect(Object.is(into.b[order[r]!], b[r]), `b row ${r}`).toBe(true);
      }
    } finally {
      await d.close();
    }
  });

  it('names the column it cannot decode, and refuses arrays that are not shared', async () => {
    const d = openColumnDecoder(path, await readParquetFooter(path), order);
    try {
      await expect(d.decode(['s'], { s: shared(N) })).rejects.toThrow(/column "s".*only a float column/);
      expect(() => d.decode(['a'], { a: new Float64Array(N) })).toThrow(/column "a".*SharedArrayBuffer/);
      const into = { a: shared(N) };
      await d.decode(['a'], into); // still serving after a failed request
      expect(Object.is(into.a[order[4]!], a[4])).toBe(true);
    } finally {
      await d.close();
    }
  });
});
