/**
 * `gq store history --out FILE` writes by the extension: .parquet as before, .csv as CSV (the same rows and values
 * as the Parquet file), and refuses any other name before the join, writing nothing.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfig } from '../../store/config.ts';
import { materialize } from '../../store/materialize.ts';
import { gq } from '../cli/run-gq.ts';
import { sampleDataset, tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
const features = 'bars:Close,returns:returns_1d,technical:rsi_14';

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  const config = await writeConfig(join(dir, 'gq.store.json'), './offline', 'sqlite:./online.db');
  await materialize(config, { dataset: await sampleDataset(), offlineOnly: true });
  await writeFile(join(dir, 'entities.csv'), 'Code,event_timestamp\n35060,2026-11-19T10:00:00+09:00\n35060,2026-11-19 17:00\n1301,2026-11-19T17:00:00Z\n');
}, 120_000);
afterAll(() => done());

describe('gq store history --out', () => {
  it('writes CSV when the file ends in .csv, with the Parquet output\'s rows and values', async () => {
    const csv = await gq(['store', 'history', '--entities', 'entities.csv', '--out', 't.csv', '--features', features], dir);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toMatch(/\n {2}csv t\.csv \(/);
    const text = await readFile(join(dir, 't.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('Code,event_timestamp,Close,returns_1d,rsi_14');
    expect(text.split('\n')[3]).toBe('1301,2026-11-20T02:00:00+09:00,,,');
    const pq = await gq(['store', 'history', '--entities', 'entities.csv', '--out', 't.parquet', '--features', features], dir);
    expect(pq.code, pq.stderr).toBe(0);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const read = async (sql: string): Promise<unknown[][]> => (await db.runAndReadAll(sql)).getRows();
    const fromCsv = await read(`SELECT * FROM read_csv('${join(dir, 't.csv')}', header = true, columns = {'Code': 'VARCHAR', 'event_timestamp': 'VARCHAR', 'Close': 'DOUBLE', 'returns_1d': 'DOUBLE', 'rsi_14': 'DOUBLE'})`);
    const fromParquet = await read(`SELECT * FROM '${join(dir, 't.parquet')}'`);
    expect(fromCsv).toEqual(fromParquet);
    expect(fromCsv[0]![2]).toBeTypeOf('number');
  });

  it('refuses another extension by name, and writes nothing', async () => {
    const r = await gq(['store', 'history', '--entities', 'entities.csv', '--out', 't.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gq: --out t.txt: give a .parquet or .csv file (the format follows the extension)\n');
    expect(existsSync(join(dir, 't.txt'))).toBe(false);
  });
});
