import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { tempPathFor, withAtomicFile, writeFileAtomic } from '../../io/atomic.ts';

describe('atomic file writes', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gq-atomic-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates a file with the given content', async () => {
    const path = join(dir, 'new.txt');
    await writeFileAtomic(path, 'hello\n');
    expect(await readFile(path, 'utf8')).toBe('hello\n');
  });

  it('replaces an existing file and leaves no temp file', async () => {
    const path = join(dir, 'replace.bin');
    await writeFile(path, 'old');
    await writeFileAtomic(path, Uint8Array.of(1, 2, 3));
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    expect((await readdir(dir)).filter((f) => f.includes('replace'))).toEqual(['replace.bin']);
  });

  it('names temp files in the same directory with the pid and a random suffix', () => {
    const path = join(dir, 'data.parquet');
    const names = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const temp = tempPathFor(path);
      expect(dirname(temp)).toBe(dir);
      expect(basename(temp)).toMatch(new RegExp(`^\\.data\\.parquet\\.${process.pid}\\.[0-9a-f]{16}\\.tmp$`));
      names.add(temp);
    }
    expect(names.size).toBe(1000);
  });

  it('keeps the old file and removes the temp file when the writer throws', async () => {
    const path = join(dir, 'keep.txt');
    await writeFile(path, 'original');
    let seenTemp = '';
    const failing = withAtomicFile(path, async (temp) => {
      seenTemp = temp;
      await writeFile(temp, 'partial');
      throw new Error('disk on fire');
    });
    await expect(failing).rejects.toThrow(`cannot write ${path}: disk on fire`);
    expect(await readFile(path, 'utf8')).toBe('original');
    expect((await readdir(dir)).includes(basename(seenTemp))).toBe(false);
  });

  it('names the target path when the directory does not exist', async () => {
    const path = join(dir, 'no', 'such', 'dir.txt');
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow(path);
  });

  it('lets concurrent writers of one path finish with one complete version', async () => {
    const path = join(dir, 'race.txt');
    const versions = Array.from({ length: 8 }, (_, k) => `version ${k} `.repeat(10_000));
    await Promise.all(versions.map((v) => writeFileAtomic(path, v)));
    expect(versions).toContain(await readFile(path, 'utf8'));
    expect((await readdir(dir)).filter((f) => f.includes('race'))).toEqual(['race.txt']);
  });

  it('returns what the writer returns', async () => {
    const path = join(dir, 'result.txt');
    const out = await withAtomicFile(path, async (temp) => {
      await writeFile(temp, 'abc');
      return 42;
    });
    expect(out).toBe(42);
  });
});
