import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { writeParquet } from '../../../io/parquet/index.ts';

describe('adaptive compression', () => {
  it('stores a chunk of noise uncompressed and a compressible one with ZSTD, and both read back', async () => {
    const n = 50_000;
    let x = 12345;
    const noise = Float64Array.from({ length: n }, () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x / 7.3e9 + x / 1e18; });
    const steps = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 100) * 0.5);
    const path = join(mkdtempSync(join(tmpdir(), 'gq-adaptive-')), 'a.parquet');
    await writeParquet(path, [{ name: 'noise', kind: 'f64', values: noise }, { name: 'steps', kind: 'f64', values: steps }]);
    const con = await (await DuckDBInstance.create()).connect();
    const meta = (await con.runAndReadAll(`SELECT path_in_schema AS col, compression FROM parquet_metadata('${path}')`)).getRowObjectsJS();
    expect(Object.fromEntries(meta.map((m) => [m.col, m.compression]))).toEqual({ noise: 'UNCOMPRESSED', steps: 'ZSTD' });
    const [sums] = (await con.runAndReadAll(`SELECT sum(noise) AS a, sum(steps) AS b, count(*) AS n FROM '${path}'`)).getRowObjectsJS();
    expect(Number(sums!.n)).toBe(n);
    expect(Number(sums!.a)).toBeCloseTo(noise.reduce((s, v) => s + v, 0), 6);
    expect(Number(sums!.b)).toBe(steps.reduce((s, v) => s + v, 0));
    const off = join(mkdtempSync(join(tmpdir(), 'gq-adaptive-')), 'b.parquet');
    await writeParquet(off, [{ name: 'noise', kind: 'f64', values: noise }], { adaptive: false });
    const [m] = (await con.runAndReadAll(`SELECT compression FROM parquet_metadata('${off}')`)).getRowObjectsJS();
    expect(m!.compression).toBe('ZSTD');
  });

  it('compresses a chunk only when zstd saves at least a quarter of a sample of it', async () => {
    const n = 50_000;
    let x = 777;
    const next = (): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x / 7.3e9 + x / 1e18; };
    // In every 100 rows the first `zeros` are 0 (a run zstd removes), the rest noise: the saving is about zeros%.
    const mixed = (zeros: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (i % 100 < zeros ? 0 : next()));
    const path = join(mkdtempSync(join(tmpdir(), 'gq-adaptive-')), 'c.parquet');
    await writeParquet(path, [{ name: 'saves15', kind: 'f64', values: mixed(15) }, { name: 'saves40', kind: 'f64', values: mixed(40) }]);
    const con = await (await DuckDBInstance.create()).connect();
    const meta = (await con.runAndReadAll(`SELECT path_in_schema AS col, compression FROM parquet_metadata('${path}')`)).getRowObjectsJS();
    expect(Object.fromEntries(meta.map((m) => [m.col, m.compression]))).toEqual({ saves15: 'UNCOMPRESSED', saves40: 'ZSTD' });
  });
});
