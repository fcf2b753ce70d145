import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutColumn } from '../../../io/columns.ts';
import { writeCsv } from '../../../io/csv/index.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function table(): OutColumn[] {
  return [
    { name: 'Code', kind: 'dict', indices: Int32Array.of(1, 1, 0), dictionary: ['130A0', '72030'] },
    { name: 'Date', kind: 'date', values: Int32Array.from(['2024-01-04', '2024-01-05', '1999-12-31'], day) },
    { name: 'Close', kind: 'f64', values: Float64Array.of(2500, 101.5, NaN) },
    { name: 'returns_1d', kind: 'f64', values: Float64Array.of(NaN, 0.1 + 0.2, -1e-7) },
    { name: 'ratio', kind: 'f32', values: Float32Array.of(0.1, 1 / 3, NaN) },
    { name: 'limit_hit', kind: 'i8', values: Int8Array.of(0, 1, -1) },
    { name: 'is_traded', kind: 'bool', values: Uint8Array.of(1, 0, 7) },
  ];
}

// Written by hand: ISO dates, String(x) for doubles with `.0` after whole numbers, shortest float32 text, empty cells
// for NaN, true/false flags.
const EXPECTED =
  'Code,Date,Close,returns_1d,ratio,limit_hit,is_traded\n' +
  '72030,2024-01-04,2500.0,,0.1,0,true\n' +
  '72030,2024-01-05,101.5,0.30000000000000004,0.33333334,1,false\n' +
  '130A0,1999-12-31,,-1e-7,,-1,true\n';

describe('writeCsv', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gq-csv-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes header, ISO dates, codes, shortest floats with a point, empty nulls, true/false flags and a final newline', async () => {
    const path = join(dir, 'small.csv');
    const result = await writeCsv(path, table());
    expect(await readFile(path, 'utf8')).toBe(EXPECTED);
    expect(result).toEqual({ bytes: EXPECTED.length, rows: 3 });
  });

  it('writes the same bytes whatever the chunk size', async () => {
    const path = join(dir, 'chunked.csv');
    await writeCsv(path, table(), { chunkChars: 1 });
    expect(await readFile(path, 'utf8')).toBe(EXPECTED);
  });

  it('writes every row of a table longer than one block', async () => {
    const n = 5000;
    const values = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : i / 4));
    const path = join(dir, 'long.csv');
    await writeCsv(path, [{ name: 'x', kind: 'f64', values }], { chunkChars: 10_000 });
    let expected = 'x\n';
    for (let i = 0; i < n; i++) expected += (i % 7 === 0 ? '' : String(i / 4) + (i % 4 === 0 ? '.0' : '')) + '\n';
    expect(await readFile(path, 'utf8')).toBe(expected);
  });

  it('writes only the header for zero rows', async () => {
    const path = join(dir, 'empty.csv');
    await writeCsv(path, [
      { name: 'Code', kind: 'dict', indices: new Int32Array(0), dictionary: [] },
      { name: 'x', kind: 'f64', values: new Float64Array(0) },
    ]);
    expect(await readFile(path, 'utf8')).toBe('Code,x\n');
  });

  it('quotes names and dictionary strings that hold commas, quotes or line breaks', async () => {
    const path = join(dir, 'quoted.csv');
    await writeCsv(path, [
      { name: 'name, full', kind: 'dict', indices: Int32Array.of(0, 1, 2), dictionary: ['a,b', 'say "hi"', 'two\nlines'] },
    ]);
    expect(await readFile(path, 'utf8')).toBe('"name, full"\n"a,b"\n"say ""hi"""\n"two\nlines"\n');
  });

  it('keeps an existing file when a row cannot be written', async () => {
    const path = join(dir, 'keep.csv');
    await writeFile(path, 'old\n');
    const bad: OutColumn[] = [{ name: 'Code', kind: 'dict', indices: Int32Array.of(0, 3), dictionary: ['72030'] }];
    await expect(writeCsv(path, bad)).rejects.toThrow(path);
    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect((await readdir(dir)).filter((f) => f.includes('keep'))).toEqual(['keep.csv']);
  });
});
