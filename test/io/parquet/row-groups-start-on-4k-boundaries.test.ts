import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { writeParquet } from '../../../io/parquet/index.ts';

describe('row group placement', () => {
  it('starts every row group on a 4 KiB boundary, and readers still find every value', async () => {
    const n = 10_000;
    const x = new Float64Array(new SharedArrayBuffer(n * 8));
    for (let i = 0; i < n; i++) x[i] = i % 7 === 0 ? Number.NaN : i * 0.5;
    const path = join(mkdtempSync(join(tmpdir(), 'gq-align-')), 'a.parquet');
    await writeParquet(path, [{ name: 'x', kind: 'f64', values: x }], { rowGroupSize: 3000 });
    const con = await (await DuckDBInstance.create()).connect();
    const groups = (await con.runAndReadAll(`SELECT row_group_id AS g, data_page_offset AS o, row_group_num_rows AS n FROM parquet_metadata('${path}') ORDER BY g`)).getRowObjectsJS();
    expect(groups.map((r) => Number(r.n))).toEqual([3000, 3000, 3000, 1000]);
    for (const r of groups) expect(Number(r.o) % 4096).toBe(0);
    let sum = 0;
    let nulls = 0;
    for (let i = 0; i < n; i++) if (Number.isNaN(x[i]!)) nulls++; else sum += x[i]!;
    const [back] = (await con.runAndReadAll(`SELECT sum(x) AS s, count(*) - count(x) AS nulls, count(*) AS n FROM '${path}'`)).getRowObjectsJS();
    expect([Number(back!.s), Number(back!.nulls), Number(back!.n)]).toEqual([sum, nulls, n]);
  });
});
