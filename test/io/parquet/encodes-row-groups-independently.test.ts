import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeRowGroup, writeParquet } from '../../../io/parquet/index.ts';
import { smallTable, tempDir } from './fixtures.ts';

const options = { codec: 'ZSTD' as const, pageRows: 2 };

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('encodeRowGroup', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('returns the same bytes for the same rows, whatever was encoded before', () => {
    const { columns } = smallTable();
    const first = concat(encodeRowGroup(columns, 3, 6, options).chunks);
    encodeRowGroup(columns, 0, 6, { codec: 'GZIP', pageRows: 6 }); // dirties any shared scratch state
    const again = concat(encodeRowGroup(columns, 3, 6, options).chunks);
    expect(again).toEqual(first);
  });

  it('reports chunk offsets relative to the row group and sizes that add up to its bytes', () => {
    const { columns } = smallTable();
    const { chunks, meta } = encodeRowGroup(columns, 0, 6, options);
    const total = chunks.reduce((n, c) => n + c.length, 0);
    expect(meta.byteLength).toBe(total);
    expect(meta.rows).toBe(6);
    expect(meta.columns[0].offset).toBe(0);
    for (let j = 1; j < meta.columns.length; j++) {
      expect(meta.columns[j].offset).toBe(meta.columns[j - 1].offset + meta.columns[j - 1].compressedSize);
    }
    expect(meta.columns.map((c) => c.name)).toEqual(columns.map((c) => c.name));
  });

  it('produces exactly the bytes writeParquet places after the PAR1 magic', async () => {
    const { columns } = smallTable();
    const path = join(dir, 'one-group.parquet');
    await writeParquet(path, columns, { rowGroupSize: 6, pageRows: 2 });
    const file = await readFile(path);
    const group = concat(encodeRowGroup(columns, 0, 6, options).chunks);
    expect(file.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(new Uint8Array(file.subarray(4, 4 + group.length))).toEqual(group);
    expect(file.subarray(file.length - 4).toString('latin1')).toBe('PAR1');
  });

  it('returns metadata that survives structured cloning (for worker threads)', () => {
    const { columns } = smallTable();
    const { meta } = encodeRowGroup(columns, 0, 6, options);
    expect(structuredClone(meta)).toEqual(meta);
  });
});
