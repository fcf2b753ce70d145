import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { OutColumn } from '../../../io/columns.ts';
import { writeParquet } from '../../../io/parquet/index.ts';
import { duckdb, query, tempDir } from './fixtures.ts';

const ROWS = 300_000;

/** Code + Date + 8 Float64 features (~5% NaN) over SharedArrayBuffers, as the engine hands them over. */
function bigTable(): OutColumn[] {
  let seed = 99;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const codes = 1200;
  const indices = new Int32Array(new SharedArrayBuffer(ROWS * 4));
  const dates = new Int32Array(new SharedArrayBuffer(ROWS * 4));
  for (let i = 0; i < ROWS; i++) {
    indices[i] = Math.floor(i / 250);
    dates[i] = 19_723 + (i % 250);
  }
  const columns: OutColumn[] = [
    { name: 'Code', kind: 'dict', indices, dictionary: Array.from({ length: codes }, (_, k) => `${13000 + k}`) },
    { name: 'Date', kind: 'date', values: dates },
  ];
  for (let c = 0; c < 8; c++) {
    const values = new Float64Array(new SharedArrayBuffer(ROWS * 8));
    for (let i = 0; i < ROWS; i++) values[i] = random() < 0.05 ? NaN : (random() - 0.3) * 10 ** (c - 2);
    columns.push({ name: `f${c}`, kind: 'f64', values });
  }
  return columns;
}

describe('writeParquet on 300k rows x 10 columns', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it('gives DuckDB the same counts, non-null counts and sums as the typed arrays', async () => {
    const columns = bigTable();
    const path = join(dir, 'big.parquet');
    const result = await writeParquet(path, columns);
    expect(result).toMatchObject({ rows: ROWS, rowGroups: Math.ceil(ROWS / 131_072) });

    const db = await duckdb();
    try {
      const features = columns.filter((c) => c.kind === 'f64');
      const select = features.map((c) => `count(${c.name}) AS n_${c.name}, sum(${c.name}) AS s_${c.name}`).join(', ');
      const [row] = await query(
        db,
        `SELECT count(*) AS n, count(DISTINCT Code) AS codes, sum(Date - DATE '1970-01-01') AS days,
                min(Code) AS first_code, max(Date)::VARCHAR AS last_date, ${select}
         FROM read_parquet('${path}')`,
      );
      expect(row.n).toBe(BigInt(ROWS));
      expect(row.codes).toBe(1200n);
      let days = 0;
      for (const d of (columns[1] as { values: Int32Array }).values) days += d;
      expect(row.days).toBe(BigInt(days));
      expect(row.first_code).toBe('13000');
      expect(row.last_date).toBe('2024-09-06'); // 2024-01-01 + 249 days
      for (const c of features) {
        let n = 0;
        let sum = 0;
        let absSum = 0;
        for (const v of c.values) {
          if (v === v) {
            n++;
            sum += v;
            absSum += Math.abs(v);
          }
        }
        expect(row[`n_${c.name}`], c.name).toBe(BigInt(n));
        // Summation order differs between JS and DuckDB's parallel aggregate; the rounding error of any
        // order is far below 1e-9 of the sum of magnitudes.
        expect(Math.abs((row[`s_${c.name}`] as number) - sum), c.name).toBeLessThanOrEqual(1e-9 * absSum);
      }
    } finally {
      db.closeSync();
    }
  });
});
