import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';

const run = promisify(execFile);
const GQ = join(import.meta.dirname, '../../bin/gq.js');
const gq = (args: string[], cwd: string) => run(process.execPath, [GQ, ...args], { cwd, env: { ...process.env, JQUANTS_API_KEY: '' } });

describe('gq runs, gq assets and gq backfill', () => {
  const dir = tmpFolder('cli');
  const db = join(dir, '.gq/state.db');
  beforeAll(() => {
    // 100,000 planted run records: every 10th failed, the newest one with a log.
    const s = openState(db);
    s.db.exec('BEGIN');
    const t0 = Date.parse('2026-01-05T10:00:00Z');
    for (let i = 0; i < 100_000; i++) {
      const r = s.runs.request({ job: i % 2 === 0 ? 'dataset' : 'feature_sync', partitions: ['2026-01-05'], trigger: 'schedule', triggerName: 'daily_pipeline' }, t0 + i)!;
      s.runs.claim(r.id, 'test', t0 + i);
      s.runs.finish(r.id, i % 10 === 9 ? { status: 'failed', error: `planted failure ${r.id}` } : { status: 'success', rows: 100 }, t0 + i + 1);
    }
    s.runs.log(100_000, 'the last line', t0);
    s.materializations.record({ asset: 'dataset', partition: '2026-01-05', runId: 99_999, at: t0, rows: 100, status: 'materialized', note: null });
    s.db.exec('COMMIT');
    s.close();
    writeFileSync(join(dir, 'gq.schedules.json'), JSON.stringify({ pipeline: { sampleCodes: 8, sampleDays: 40, workers: 1, format: 'parquet' }, retries: { count: 0 } }));
  });
  afterAll(() => {});

  it('lists failed runs as JSON, newest first', async () => {
    const { stdout } = await gq(['runs', '--status', 'failed', '--json', '--limit', '3'], dir);
    const runs = JSON.parse(stdout) as { id: number; status: string; error: string }[];
    expect(runs.map((r) => [r.id, r.status, r.error])).toEqual([[100_000, 'failed', 'planted failure 100000'], [99_990, 'failed', 'planted failure 99990'], [99_980, 'failed', 'planted failure 99980']]);
  });

  it('shows a run with its log, and refuses to cancel a finished one with a one-line error', async () => {
    const { stdout } = await gq(['runs', 'show', '100000'], dir);
    expect(stdout).toContain('run 100000: feature_sync [2026-01-05] failed');
    expect(stdout).toContain('the last line');
    const err = await gq(['runs', 'cancel', '100000'], dir).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr.trim()).toBe('gq: run 100000 is failed: only queued or running runs can be canceled');
  });

  it('lists every asset with its freshness', async () => {
    const { stdout } = await gq(['assets', '--json'], dir);
    const assets = JSON.parse(stdout) as { asset: string; lastPartition: string | null; stale: boolean }[];
    expect(assets.find((a) => a.asset === 'dataset')).toMatchObject({ lastPartition: '2026-01-05', stale: true });
    expect(assets.map((a) => a.asset)).toContain('store_online');
  });

  it('runs a backfill in the foreground when no daemon runs, one partition per business day, and resumes it without redoing', async () => {
    const b = join(dir, 'bf');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(b);
    writeFileSync(join(b, 'gq.schedules.json'), JSON.stringify({ pipeline: { sampleCodes: 8, sampleDays: 40, workers: 1, format: 'parquet' }, retries: { count: 0 } }));
    // 2026-11-13 (Fri) .. 11-17 (Tue): 3 business days.
    const first = await gq(['backfill', '--from', '2026-11-13', '--to', '2026-11-17'], b);
    expect(first.stdout).toContain('backfill 1 of dataset: 3 partitions 2026-11-13..2026-11-17');
    expect(first.stdout).toContain('backfill 1: 3 of 3 partitions done');
    for (const d of ['2026-11-13', '2026-11-16', '2026-11-17']) expect(existsSync(join(b, 'out/partitions/dataset', `date=${d}`, 'dataset.parquet'))).toBe(true);
    const again = await gq(['backfill', '--from', '2026-11-13', '--to', '2026-11-17'], b);
    expect(again.stdout).toContain('(resumed: 0 newly queued)');
    const s = openState(join(b, '.gq/state.db'));
    expect(s.runs.list({ limit: 10 })).toHaveLength(3);
    s.close();
  }, 180_000);
});
