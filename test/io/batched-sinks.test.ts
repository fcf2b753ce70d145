import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import type { OutColumn } from '../../io/columns.ts';
import { openCsvSink, writeCsv } from '../../io/csv/index.ts';
import { openParquetSink, writeParquet } from '../../io/parquet/index.ts';

const cols = (a: number, b: number): OutColumn[] => [
  { name: 'Code', kind: 'dict', indices: Int32Array.from({ length: b - a }, (_, i) => (a + i) % 2), dictionary: ['72030', '130A0'] },
  { name: 'Date', kind: 'date', values: Int32Array.from({ length: b - a }, (_, i) => 19000 + a + i) },
  { name: 'x', kind: 'f64', values: Float64Array.from({ length: b - a }, (_, i) => ((a + i) % 3 === 0 ? Number.NaN : (a + i) / 4)) },
];

describe('batched sinks', () => {
  it('write the same CSV bytes in batches as in one call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-sink-'));
    await writeCsv(join(dir, 'one.csv'), cols(0, 10));
    const sink = await openCsvSink(join(dir, 'two.csv'));
    await sink.append(cols(0, 4));
    await sink.append(cols(4, 10));
    await sink.close();
    expect(readFileSync(join(dir, 'two.csv'), 'utf8')).toBe(readFileSync(join(dir, 'one.csv'), 'utf8'));
  });

  it('write Parquet in batches that reads back as the rows of one call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-sink-'));
    const sink = await openParquetSink(join(dir, 'two.parquet'));
    await sink.append(cols(0, 4));
    await sink.append(cols(4, 10));
    const r = await sink.close();
    expect(r.rows).toBe(10);
    expect(r.rowGroups).toBe(2);
    await writeParquet(join(dir, 'one.parquet'), cols(0, 10));
    const read = async (f: string) => {
      const b = readFileSync(join(dir, f));
      return parquetReadObjects({ file: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, compressors });
    };
    expect(await read('two.parquet')).toEqual(await read('one.parquet'));
  });

  it('leave the previous file untouched and no temp file behind when a batch fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-sink-'));
    const path = join(dir, 'data.parquet');
    writeFileSync(path, 'previous');
    const sink = await openParquetSink(path);
    await sink.append(cols(0, 4));
    const bad = cols(4, 6).slice(0, 2); // a column missing
    await expect(sink.append(bad)).rejects.toThrow(/a batch has columns/);
    const err = await sink.abort(new Error('stopped'));
    expect(err.message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['data.parquet']);
    expect(existsSync(join(dir, 'data.parquet'))).toBe(true);
  });
});
