import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeParquet } from '../../../io/parquet/index.ts';
import { readMetadata, readWithHyparquet, smallTable, tempDir } from './fixtures.ts';

describe('writeParquet read back by hyparquet', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('returns every value and every null of every column kind', async () => {
    const { columns, expected } = smallTable();
    const path = join(dir, 'small.parquet');
    const result = await writeParquet(path, columns);
    expect(result.rows).toBe(6);
    expect(result.rowGroups).toBe(1);
    expect(await readWithHyparquet(path)).toEqual(expected);
  });

  it('declares the logical types and repetition in the schema', async () => {
    const { columns } = smallTable();
    const path = join(dir, 'schema.parquet');
    await writeParquet(path, columns);
    const leaves = (await readMetadata(path)).schema.slice(1);
    const summary = leaves.map((e) => [e.name, e.type, e.repetition_type, e.converted_type ?? null]);
    expect(summary).toEqual([
      ['Code', 'BYTE_ARRAY', 'REQUIRED', 'UTF8'],
      ['Date', 'INT32', 'REQUIRED', 'DATE'],
      ['Close', 'DOUBLE', 'OPTIONAL', null],
      ['ret', 'DOUBLE', 'OPTIONAL', null],
      ['empty', 'DOUBLE', 'OPTIONAL', null],
      ['ratio', 'FLOAT', 'OPTIONAL', null],
      ['limit_hit', 'INT32', 'REQUIRED', 'INT_8'],
      ['is_traded', 'BOOLEAN', 'REQUIRED', null],
    ]);
    expect(leaves[0].logical_type).toEqual({ type: 'STRING' });
    expect(leaves[1].logical_type).toEqual({ type: 'DATE' });
  });

  it('compresses every chunk with ZSTD by default and dictionary-encodes codes', async () => {
    const { columns } = smallTable();
    const path = join(dir, 'codec.parquet');
    await writeParquet(path, columns);
    const chunks = (await readMetadata(path)).row_groups[0].columns.map((c) => c.meta_data);
    expect(chunks.map((m) => m?.codec)).toEqual(Array(8).fill('ZSTD'));
    expect(chunks[0]?.encodings).toContain('RLE_DICTIONARY');
    expect(chunks[0]?.dictionary_page_offset).toBeDefined();
    expect(chunks[2]?.encodings).toContain('PLAIN');
  });

  it('stores key/value metadata and created_by in the footer', async () => {
    const { columns } = smallTable();
    const path = join(dir, 'kv.parquet');
    await writeParquet(path, columns, { kvMetadata: { 'gq.version': '0.1.0', note: 'a "quoted", value' } });
    const meta = await readMetadata(path);
    expect(meta.key_value_metadata).toEqual([
      { key: 'gq.version', value: '0.1.0' },
      { key: 'note', value: 'a "quoted", value' },
    ]);
    expect(meta.created_by).toBe('gq');
  });

  it('reads the same values back from every codec', async () => {
    const { columns, expected } = smallTable();
    for (const codec of ['UNCOMPRESSED', 'GZIP', 'SNAPPY', 'ZSTD'] as const) {
      const path = join(dir, `codec-${codec}.parquet`);
      await writeParquet(path, columns, { codec });
      expect(await readWithHyparquet(path), codec).toEqual(expected);
    }
  });
});
