import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestBackfill } from '../../orchestrate/backfill.ts';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';

const BIN = join(import.meta.dirname, '../../bin/gq.js');
const NOW = Date.parse('2026-12-01T00:00:00Z');

describe('gq backfill', () => {
  it.each([['20261101'], ['2026-11-1'], ['2026/11/02']])('refuses --from %s: only YYYY-MM-DD is a date, as for gq run', (from) => {
    const s = openState(':memory:');
    expect(() => requestBackfill(s, 'dataset', from, '2026-11-06', NOW)).toThrow(`--from "${from}" is not a date; expected YYYY-MM-DD, e.g. --from 2026-10-01`);
    expect(s.backfills()).toEqual([]);
    s.close();
  });

  it('asked again for the same range, requests once more the days whose last run was canceled or failed, and leaves done and queued days alone', () => {
    const s = openState(':memory:');
    const first = requestBackfill(s, 'dataset', '2026-11-16', '2026-11-19', NOW);
    const [done, canceled, failed] = first.requested;
    for (const [r, status] of [[done!, 'success'], [failed!, 'failed']] as const) {
      s.runs.claim(r.id, 'test', NOW);
      s.runs.finish(r.id, { status }, NOW);
    }
    s.runs.cancelQueued(canceled!.id, NOW, 'canceled');
    const again = requestBackfill(s, 'dataset', '2026-11-16', '2026-11-19', NOW + 1);
    expect(again.resumed).toBe(true);
    expect(again.requested.map((r) => r.partitions[0])).toEqual(['2026-11-17', '2026-11-18']);
    expect(again.requested.map((r) => r.runKey)).toEqual([`backfill:1:2026-11-17:after-${canceled!.id}`, `backfill:1:2026-11-18:after-${failed!.id}`]);
    expect(requestBackfill(s, 'dataset', '2026-11-16', '2026-11-19', NOW + 2).requested).toEqual([]); // the new runs are queued
    s.close();
  });

  it('in the foreground, Ctrl-C stops it with how far it got and the command that resumes it (its --state kept), and exits 130 instead of "database is not open"', async () => {
    const dir = tmpFolder('backfill-sigint');
    const p = spawn(process.execPath, [BIN, 'backfill', '--from', '2026-11-02', '--to', '2026-11-06', '--state', 'my state.db'], { cwd: dir, env: { ...process.env, JQUANTS_API_KEY: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    const up = new Promise<void>((resolve) => p.stderr.on('data', (b: Buffer) => { stderr += b.toString(); if (stderr.includes('daemon up')) resolve(); }));
    await up;
    p.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => p.on('exit', (c) => resolve(c)));
    expect(stderr).not.toContain('database is not open');
    expect(stdout).toContain("backfill 1: stopped by SIGINT with 0 of 4 partitions done; gq backfill --from 2026-11-02 --to 2026-11-06 --state 'my state.db' resumes it");
    expect(code).toBe(130);
  });
});
