import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLeanArgs } from '../../cli/runs-entry.ts';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/gq.js');
const FULL = join(import.meta.dirname, '../../cli/gq.ts');
const RECORD = join(import.meta.dirname, 'helpers/record-modules.ts');
const env = { ...process.env, JQUANTS_API_KEY: '' };
const gq = (entry: string, args: string[], cwd: string, pre: string[] = [], extra: Record<string, string> = {}) =>
  run(process.execPath, [...pre, entry, ...args], { cwd, env: { ...env, ...extra } });
const failed = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: { code: number; stderr: string; stdout: string }) => e);

describe('gq runs and gq assets through bin/gq.js', () => {
  const dir = tmpFolder('lean');
  beforeAll(() => {
    // 300 planted runs: every 7th failed, run 300 queued, run 299 with a log.
    const s = openState(join(dir, '.gq/state.db'));
    const t0 = Date.parse('2026-01-05T10:00:00Z');
    s.db.exec('BEGIN');
    for (let i = 1; i <= 300; i++) {
      const r = s.runs.request({ job: i % 2 === 0 ? 'dataset' : 'feature_sync', partitions: ['2026-01-05'], trigger: 'schedule', triggerName: 'daily_pipeline' }, t0 + i)!;
      if (i === 300) continue;
      s.runs.claim(r.id, 'test', t0 + i);
      s.runs.finish(r.id, i % 7 === 0 ? { status: 'failed', error: `planted failure ${r.id}` } : { status: 'success', rows: 100 }, t0 + i + 1);
    }
    s.runs.log(299, 'the log line of 299', t0);
    s.materializations.record({ asset: 'dataset', partition: '2026-01-05', runId: 298, at: t0, rows: 100, status: 'materialized', note: null });
    s.db.exec('COMMIT');
    s.close();
  });

  it('prints the same failed runs as JSON as the full CLI', async () => {
    const args = ['runs', '--status', 'failed', '--json', '--limit', '4'];
    const lean = JSON.parse((await gq(BIN, args, dir)).stdout) as { id: number; status: string }[];
    expect(lean.map((r) => r.id)).toEqual([294, 287, 280, 273]);
    expect(lean).toEqual(JSON.parse((await gq(FULL, args, dir)).stdout));
    expect(JSON.parse((await gq(BIN, ['runs', '--json', '--status=failed', '--limit=4'], dir)).stdout)).toEqual(lean);
  });

  it('shows a run with its log and the same table as the full CLI', async () => {
    const show = await gq(BIN, ['runs', 'show', '299'], dir);
    expect(show.stdout).toContain('run 299: feature_sync [2026-01-05] success');
    expect(show.stdout).toContain('the log line of 299');
    expect((await gq(BIN, ['runs', '--limit', '5'], dir)).stdout.split('\n').slice(1)).toEqual((await gq(FULL, ['runs', '--limit', '5'], dir)).stdout.split('\n').slice(1));
  });

  it('cancels a queued run and refuses a finished one with the one-line error and exit code 2', async () => {
    expect((await gq(BIN, ['runs', 'cancel', '300'], dir)).stdout.trim()).toBe('run 300 canceled (it was queued)');
    const e = await failed(gq(BIN, ['runs', 'cancel', '299'], dir));
    expect(e).toMatchObject({ code: 2 });
    expect(e.stderr.trim()).toBe('gq: run 299 is success: only queued or running runs can be canceled');
    const bad = await failed(gq(BIN, ['runs', '--status', 'nope'], dir));
    expect(bad.stderr.trim()).toBe('gq: --status nope is not a run status (queued, running, success, failed, canceled, interrupted)');
  });

  it('lists the assets as the full CLI does', async () => {
    const lean = JSON.parse((await gq(BIN, ['assets', '--json'], dir)).stdout) as { asset: string; lastPartition: string | null }[];
    expect(lean.find((a) => a.asset === 'dataset')?.lastPartition).toBe('2026-01-05');
    const full = JSON.parse((await gq(FULL, ['assets', '--json'], dir)).stdout) as typeof lean;
    expect(lean.map((a) => [a.asset, a.lastPartition])).toEqual(full.map((a) => [a.asset, a.lastPartition]));
  });

  it('loads neither cac, valibot, croner, the full CLI nor any pipeline or daemon code for gq runs and gq assets, nor the calendar for gq runs', async () => {
    for (const args of [['runs', '--status', 'failed'], ['assets']]) {
      const file = join(dir, `modules-${args[0]}.txt`);
      await gq(BIN, args, dir, ['--import', RECORD], { GQ_RECORD_MODULES: file });
      const urls = readFileSync(file, 'utf8').split('\n');
      expect(urls.some((u) => u.endsWith('/orchestrate/state/runs.ts'))).toBe(true);
      const heavy = urls.filter((u) => /node_modules\/(cac|valibot|croner|prom-client)\/|\/cli\/gq\.ts$|\/orchestrate\/(daemon|config|dispatcher|scheduler)\.ts$|\/pipeline\/(?!errors\.ts$)|\/engine\/(panel|shared)\.ts$/.test(u));
      expect(heavy).toEqual([]);
      expect(urls.some((u) => u.includes('/engine/calendar/'))).toBe(args[0] === 'assets');
    }
  });

  it('hands help and options it does not know to the full CLI', async () => {
    expect((await gq(BIN, ['runs', '--help'], dir)).stdout).toContain('$ gq runs [action] [id]');
    const e = await failed(gq(BIN, ['runs', '--bogus'], dir));
    expect(e.stderr.trim()).toBe('gq: Unknown option `--bogus`');
    expect((await gq(BIN, ['--version'], dir)).stdout).toContain('gq/');
  });

  it('parses only what it knows', () => {
    expect(parseLeanArgs(['runs', 'show', '12', '--state', 'a.db'])).toEqual({ command: 'runs', positionals: ['show', '12'], flags: { state: 'a.db' } });
    expect(parseLeanArgs(['assets', '--json', '--config=x.json'])).toEqual({ command: 'assets', positionals: [], flags: { json: true, config: 'x.json' } });
    for (const a of [['runs', '-h'], ['runs', '--status'], ['runs', '--status', '--json'], ['assets', 'extra'], ['assets', '--status', 'failed'], ['runs', 'a', 'b', 'c'], ['run']]) {
      expect(parseLeanArgs(a)).toBeNull();
    }
  });
});
