import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutColumn } from '../../../io/columns.ts';
import { ByteSink } from '../../../io/parquet/byte-sink.ts';
import { encodeFooter, MAGIC, placeRowGroup } from '../../../io/parquet/footer.ts';
import { encodeRowGroup } from '../../../io/parquet/index.ts';
import { parquetSchema } from '../../../io/parquet/schema.ts';
import { readWithHyparquet, tempDir } from './fixtures.ts';

const ROWS = 40_000;

/** A Float64 column over shared memory, as the dataset's features are. */
function column(name: string, value: (i: number) => number): OutColumn {
  const values = new Float64Array(new SharedArrayBuffer(ROWS * 8));
  for (let i = 0; i < ROWS; i++) values[i] = value(i);
  return { name, kind: 'f64', values };
}

/** Pages whose zstd frame is tiny (its header shorter than guessed), compressible, incompressible, and with nulls. */
function table(): OutColumn[] {
  let x = 12345;
  const noise = (): number => { x = (x * 1103515245 + 12345) >>> 0; return x / 2 ** 32; };
  return [
    column('flat', () => 1.5),
    column('grid', (i) => Math.round(1000 + 50 * Math.sin(i / 300)) / 10),
    column('noise', () => noise() * 1e6 - 5e5),
    column('gaps', (i) => (i % 97 < 5 ? Number.NaN : noise())),
  ];
}

describe('a row group encoded into shared memory', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('reads back (hyparquet) as the values it was given', async () => {
    const columns = table();
    const shared = new Uint8Array(new SharedArrayBuffer(4 << 20));
    const { bytes, meta } = encodeRowGroup(columns, 0, ROWS, { codec: 'ZSTD', pageRows: 16_384, adaptive: true }, new ByteSink(shared));
    expect(bytes.buffer).toBe(shared.buffer);
    const schema = parquetSchema(columns);
    const footer = encodeFooter(schema, [placeRowGroup(meta, MAGIC.length, schema, 'ZSTD')], ROWS, undefined, 'test');
    const path = join(dir, 'shared.parquet');
    await writeFile(path, Buffer.concat([MAGIC, bytes.slice(), footer]));
    const rows = await readWithHyparquet(path);
    expect(rows.length).toBe(ROWS);
    for (const c of columns) {
      const values = (c as { values: Float64Array }).values;
      let bad = 0;
      for (let i = 0; i < ROWS; i++) {
        const v = rows[i]![c.name];
        if (values[i] !== values[i] ? v !== null : v !== values[i]) bad++;
      }
      expect(bad, c.name).toBe(0);
    }
  });

  for (const lead of [0, 3, 8]) {
    it(`has the bytes it has in the encoder's own memory, after a lead of ${lead} bytes`, () => {
      const columns = table();
      const options = { codec: 'ZSTD' as const, pageRows: 16_384, adaptive: true };
      const own = encodeRowGroup(columns, 0, ROWS, options);
      const expected = { bytes: own.bytes.slice(), meta: own.meta };
      const shared = new Uint8Array(new SharedArrayBuffer(4 << 20));
      const leadBytes = new Uint8Array(lead).fill(7);
      const got = encodeRowGroup(columns, 0, ROWS, options, new ByteSink(shared), leadBytes);
      expect(got.bytes.buffer).toBe(shared.buffer); // encoded in place, not in memory of its own
      expect(Buffer.compare(got.bytes.subarray(0, lead), leadBytes)).toBe(0);
      expect(Buffer.compare(got.bytes.subarray(lead), expected.bytes)).toBe(0);
      expect(got.meta).toEqual(expected.meta);
      // Both kinds of chunk are in it: compressed in place and stored as they are.
      expect(got.meta.columns.some((c) => c.uncompressed === true)).toBe(true);
      expect(got.meta.columns.some((c) => c.uncompressed !== true && c.compressedSize < 16_384)).toBe(true);
    });
  }
});
