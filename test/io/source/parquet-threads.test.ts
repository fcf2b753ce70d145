import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParquetColumns } from '../../../io/source/parquet-columns.ts';
import { splitBySize } from '../../../io/source/parquet-threads.ts';

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

describe('splitBySize', () => {
  it('puts the largest columns first, each onto the lightest share, and keeps the order within a share', () => {
    const size: Record<string, number> = { a: 5, b: 4, c: 3, d: 3, e: 1 };
    // a -> A(5); b -> B(4); c -> B(7); d -> A(8); e -> B(8): two shares of 8.
    expect(splitBySize(['a', 'b', 'c', 'd', 'e'], (n) => size[n]!, 2)).toEqual([['a', 'd'], ['b', 'c', 'e']]);
  });

  it('gives the heaviest share first and no empty share', () => {
    const size: Record<string, number> = { x: 1, y: 10 };
    expect(splitBySize(['x', 'y'], (n) => size[n]!, 3)).toEqual([['y'], ['x']]);
  });
});

describe('readParquetColumns on several threads', () => {
  let dir = '';
  let path = '';
  let db: Awaited<ReturnType<DuckDBInstance['connect']>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gq-threads-'));
    db = await (await DuckDBInstance.create(':memory:')).connect();
    path = join(dir, 'cols.parquet');
    // b and e are the two largest (random, so PLAIN); the others are dictionary-encoded and small.
    await db.run(`COPY (SELECT 'c' || (i % 7)::VARCHAR AS a,
      CASE WHEN i % 11 = 0 THEN NULL ELSE random() END AS b,
      DATE '2024-01-01' + (i % 30)::INTEGER AS c, i % 3 = 0 AS d, (random() * 1e15)::BIGINT AS e,
      CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 4)::INTEGER END AS f, CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 = 0 END AS g
      FROM range(20000) t(i)) TO '${path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 6000)`);
  });
  afterAll(async () => {
    db.closeSync();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives identical columns on 1, 2 and 3 threads', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const one = await readParquetColumns(path, names, { floats: ['f'], flags: ['g'] });
    expect(Object.keys(one.columns)).toEqual(names);
    expect(one.columns.f).toMatchObject({ kind: 'f64', nulls: 4000 });
    // g: null where i % 7 = 0, else true for even i; as a flag, 1 only where true.
    expect(Array.from((one.columns.g as { values: Uint8Array }).values.subarray(0, 15))).toEqual([0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0]);
    for (const threads of [2, 3]) {
      const many = await readParquetColumns(path, names, { floats: ['f'], flags: ['g'], threads });
      expect(Object.keys(many.columns)).toEqual(names);
      expect(many).toEqual(one);
    }
  });

  it('reports the first broken column in the order asked for, with the same message on any number of threads', async () => {
    const bytes = new Uint8Array(await readFile(path));
    const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    // Breaks the zstd frame of the first page of b and e in the second row group.
    for (const name of ['b', 'e']) {
      const cm = meta.row_groups[1]!.columns.find((c) => c.meta_data!.path_in_schema[0] === name)!.meta_data!;
      const start = Number(cm.dictionary_page_offset ?? cm.data_page_offset);
      const at = findMagic(bytes, start, start + Number(cm.total_compressed_size));
      bytes.fill(0, at, at + 4);
    }
    const broken = join(dir, 'broken.parquet');
    await writeFile(broken, bytes);
    for (const names of [['a', 'b', 'c', 'd', 'e', 'f'], ['e', 'a', 'c', 'd', 'f', 'b']]) {
      const first = await readParquetColumns(broken, names).then(() => '', (e: Error) => e.message);
      expect(first).toContain(`column "${names.find((n) => n === 'b' || n === 'e')}"`);
      for (const threads of [2, 3]) {
        await expect(readParquetColumns(broken, names, { threads })).rejects.toThrow(first);
      }
    }
  });
});

function findMagic(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to - 4; i++) if (ZSTD_MAGIC.every((b, k) => bytes[i + k] === b)) return i;
  throw new Error('no zstd frame in the chunk');
}
