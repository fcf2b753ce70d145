/**
 * The commands as a user runs them: gq run --push, gq store init|materialize|materialize-incremental|get|history|
 * serve|status, in a fresh folder with the default (embedded) stores.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gq, spawnGq } from '../cli/run-gq.ts';
import { tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
let run: Awaited<ReturnType<typeof gq>>;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  expect((await gq(['store', 'init'], dir)).code).toBe(0);
  run = await gq(['run', '--sample-codes', '20', '--sample-days', '120', '--cache-dir', join(dir, 'cache'), '--format', 'parquet', '--push'], dir);
}, 120_000);
afterAll(() => done());

describe('gq store', () => {
  it('gq run --push writes the run\'s rows into both stores', async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/pushed\s+1964 rows 2026-05-28\.\.2026-11-20 to the feature store/);
    const s = await gq(['store', 'status'], dir);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/7 partitions, 1964 rows/);
    expect(s.stdout).toMatch(/last materialized 2026-05-28\.\.2026-11-20/);
    expect(s.stdout).toMatch(/technical\s+20 features, available 16:30 JST, ttl 14 d; online 18 codes, newest 2026-11-20/);
  });

  it('get prints the online vector, as a table or Feast\'s JSON, and keeps codes as typed', async () => {
    const t = await gq(['store', 'get', '--codes', '35060', '46090', '--features', 'bars:Close,rsi_14'], dir);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^feature\s+35060\s+46090\n\(Date\)\s+2026-11-20\s+2026-11-20\nbars:Close\s+\d+/);
    const j = await gq(['store', 'get', '--codes', '35060', '--views', 'volume', '--json'], dir);
    const body = JSON.parse(j.stdout);
    expect(body.metadata.feature_names[0]).toBe('Code');
    expect(body.results).toHaveLength(11);
    const bad = await gq(['store', 'get', '--codes', '0123'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^gq: unknown code "0123" \(not in the online store/);
  });

  it('materialize without --dataset takes the newest dataset in ./out and says so; materialize-incremental up to date does nothing and exits 0', async () => {
    const r = await gq(['store', 'materialize', '--from', '2026-11-01'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/no --dataset: using .*out\/dataset\.parquet \(the newest dataset in \.\/out\)/);
    expect(r.stdout).toMatch(/252 rows 2026-11-01\.\.2026-11-20 into 1 partitions/);
    const again = await gq(['store', 'materialize-incremental', '--end', '2026-11-20'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('gq store: up to date: materialized up to 2026-11-20 already, nothing to do for --end 2026-11-20\n');
  });

  it('history writes the point-in-time join as Parquet that DuckDB reads', async () => {
    await writeFile(join(dir, 'entities.csv'), 'Code,event_timestamp\n35060,2026-11-19T10:00:00+09:00\n35060,2026-11-19 17:00\n1301,2026-11-19T17:00:00Z\n');
    const r = await gq(['store', 'history', '--entities', 'entities.csv', '--out', 'training.parquet', '--features', 'bars:Close,returns:returns_1d'], dir);
    expect(r.code, r.stderr).toBe(0);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await db.runAndReadAll(`SELECT Code, event_timestamp, Close, returns_1d FROM '${join(dir, 'training.parquet')}'`)).getRows();
    const truth = (await db.runAndReadAll(`SELECT Close FROM '${join(dir, 'out', 'dataset.parquet')}' WHERE Code = '35060' AND Date IN ('2026-11-18', '2026-11-19') ORDER BY Date`)).getRows();
    expect(rows.map((x) => [x[0], x[1], x[2]])).toEqual([
      ['35060', '2026-11-19T10:00:00+09:00', truth[0]![0]],
      ['35060', '2026-11-19T17:00:00+09:00', truth[1]![0]],
      ['1301', '2026-11-20T02:00:00+09:00', null],
    ]);
  });

  it('serve answers on the port it prints, until stopped', async () => {
    const child = spawnGq(['store', 'serve', '--port', '0'], dir);
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d) => { out += d; const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out); if (m) resolve(Number(m[1])); });
        child.on('exit', () => reject(new Error('gq store serve exited')));
      });
      const r = await fetch(`http://127.0.0.1:${port}/get-online-features`, { method: 'POST', body: JSON.stringify({ features: ['bars:Close'], entities: { Code: ['35060'] } }) });
      expect(r.status).toBe(200);
      expect((await r.json()).results[0].values).toEqual(['35060']);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('names an unknown action and the ones there are', async () => {
    const r = await gq(['store', 'bogus'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown store action "bogus" \(one of: init, materialize, materialize-incremental, get, history, serve, status\)/);
  });
});
