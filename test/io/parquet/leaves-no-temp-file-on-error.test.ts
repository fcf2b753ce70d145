import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutColumn } from '../../../io/columns.ts';
import { writeParquet } from '../../../io/parquet/index.ts';
import { readWithHyparquet, smallTable, tempDir } from './fixtures.ts';

describe('writeParquet failures', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('throws naming the path when the directory cannot hold files, and leaves nothing behind', async () => {
    // A regular file used as a directory fails even for root, unlike a permission bit.
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'x');
    const path = join(blocker, 'out.parquet');
    await expect(writeParquet(path, smallTable().columns)).rejects.toThrow(path);
    expect(await readdir(dir)).toEqual(['not-a-dir']);
  });

  it('throws naming the path when the directory does not exist', async () => {
    const path = join(dir, 'missing', 'out.parquet');
    await expect(writeParquet(path, smallTable().columns)).rejects.toThrow(path);
  });

  // Root ignores permission bits (CI runs as root), so there the missing-directory case above stands in for it.
  it.skipIf(process.getuid?.() === 0)('throws naming the path for a read-only directory', async () => {
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    try {
      const path = join(locked, 'out.parquet');
      await expect(writeParquet(path, smallTable().columns)).rejects.toThrow(path);
      expect(await readdir(locked)).toEqual([]);
    } finally {
      await chmod(locked, 0o755);
    }
  });

  it('keeps the existing file and removes the temp file when encoding fails midway', async () => {
    const sub = join(dir, 'keep');
    await mkdir(sub);
    const path = join(sub, 'data.parquet');
    const { columns, expected } = smallTable();
    await writeParquet(path, columns);
    const before = await readFile(path);

    // The second row group holds an index outside the dictionary, so the first group is already written.
    const bad: OutColumn[] = [
      { name: 'Code', kind: 'dict', indices: Int32Array.of(0, 0, 0, 5), dictionary: ['72030'] },
      { name: 'x', kind: 'f64', values: Float64Array.of(1, 2, 3, 4) },
    ];
    await expect(writeParquet(path, bad, { rowGroupSize: 2 })).rejects.toThrow(/Code.*row 3.*index 5/);
    await expect(writeParquet(path, bad, { rowGroupSize: 2 })).rejects.toThrow(path);
    expect(await readdir(sub)).toEqual(['data.parquet']);
    expect((await readFile(path)).equals(before)).toBe(true);
    expect(await readWithHyparquet(path)).toEqual(expected);
  });

  it('rejects columns of different lengths before touching the disk', async () => {
    const path = join(dir, 'mismatch.parquet');
    const columns: OutColumn[] = [
      { name: 'a', kind: 'f64', values: new Float64Array(3) },
      { name: 'b', kind: 'f64', values: new Float64Array(4) },
    ];
    await expect(writeParquet(path, columns)).rejects.toThrow(`column 'b' has 4 rows`);
    await expect(writeParquet(path, [])).rejects.toThrow(path);
    expect((await readdir(dir)).filter((f) => f.includes('mismatch'))).toEqual([]);
  });

  it('rejects an unknown codec and a bad row group size', async () => {
    const path = join(dir, 'options.parquet');
    const { columns } = smallTable();
    await expect(writeParquet(path, columns, { codec: 'LZO' as never })).rejects.toThrow('LZO');
    await expect(writeParquet(path, columns, { rowGroupSize: 0 })).rejects.toThrow('rowGroupSize');
    expect((await readdir(dir)).filter((f) => f.includes('options'))).toEqual([]);
  });
});
