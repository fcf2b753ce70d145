import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeRowGroup, writeParquet } from '../../../io/parquet/index.ts';
import { ByteSink } from '../../../io/parquet/byte-sink.ts';
import { smallTable, tempDir } from './fixtures.ts';

const options = { codec: 'ZSTD' as const, pageRows: 2 };

/** A copy of a row group's bytes (the encoder's own view is reused by the next call). */
const copy = (bytes: Uint8Array): Uint8Array => bytes.slice();

describe('encodeRowGroup', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('returns the same bytes for the same rows, whatever was encoded before', () => {
    const { columns } = smallTable();
    const first = copy(encodeRowGroup(columns, 3, 6, options).bytes);
    encodeRowGroup(columns, 0, 6, { codec: 'GZIP', pageRows: 6 }); // dirties any shared scratch state
    const again = copy(encodeRowGroup(columns, 3, 6, options).bytes);
    expect(again).toEqual(first);
  });

  it('reports chunk offsets relative to the row group and sizes that add up to its bytes', () => {
    const { columns } = smallTable();
    const { bytes, meta } = encodeRowGroup(columns, 0, 6, options);
    expect(meta.byteLength).toBe(bytes.length);
    expect(meta.rows).toBe(6);
    expect(meta.columns[0].offset).toBe(0);
    for (let j = 1; j < meta.columns.length; j++) {
      expect(meta.columns[j].offset).toBe(meta.columns[j - 1].offset + meta.columns[j - 1].compressedSize);
    }
    expect(meta.columns.map((c) => c.name)).toEqual(columns.map((c) => c.name));
  });

  it('produces exactly the bytes writeParquet places at the first 4 KiB boundary after the PAR1 magic', async () => {
    const { columns } = smallTable();
    const path = join(dir, 'one-group.parquet');
    await writeParquet(path, columns, { rowGroupSize: 6, pageRows: 2 });
    const file = await readFile(path);
    const group = copy(encodeRowGroup(columns, 0, 6, options).bytes);
    expect(file.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(file.subarray(4, 4096).every((b) => b === 0)).toBe(true);
    expect(new Uint8Array(file.subarray(4096, 4096 + group.length))).toEqual(group);
    expect(file.subarray(file.length - 4).toString('latin1')).toBe('PAR1');
  });

  it('returns metadata that survives structured cloning (for worker threads)', () => {
    const { columns } = smallTable();
    const { meta } = encodeRowGroup(columns, 0, 6, options);
    expect(structuredClone(meta)).toEqual(meta);
  });

  it('encodes into the memory it is given, and into fresh memory only when that is too small', () => {
    const { columns } = smallTable();
    const expected = copy(encodeRowGroup(columns, 0, 6, options).bytes);
    const shared = new Uint8Array(new SharedArrayBuffer(expected.length + 100));
    const roomy = new ByteSink(shared);
    const a = encodeRowGroup(columns, 0, 6, options, roomy);
    expect(a.bytes.buffer).toBe(shared.buffer);
    expect(copy(a.bytes)).toEqual(expected);
    const tight = new ByteSink(new Uint8Array(new SharedArrayBuffer(16)));
    const b = encodeRowGroup(columns, 0, 6, options, tight);
    expect(b.bytes.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(copy(b.bytes)).toEqual(expected);
  });
});

describe('encodeRowGroup after lead bytes', () => {
  it('puts the lead first and leaves the group bytes and their offsets as without it', () => {
    const { columns } = smallTable();
    const plain = encodeRowGroup(columns, 0, 6, options);
    const expected = { bytes: copy(plain.bytes), meta: plain.meta };
    const lead = new Uint8Array([80, 65, 82, 49, 7]);
    const led = encodeRowGroup(columns, 0, 6, options, new ByteSink(64), lead);
    expect(led.bytes.length).toBe(lead.length + expected.bytes.length);
    expect(copy(led.bytes.subarray(0, lead.length))).toEqual(lead);
    expect(copy(led.bytes.subarray(lead.length))).toEqual(expected.bytes);
    expect(led.meta).toEqual(expected.meta);
    expect(led.meta.columns[0]!.offset).toBe(0);
  });
});
