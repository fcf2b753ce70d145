import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

const GQ = join(import.meta.dirname, '../../bin/gq.js');

describe('kill -9 of the daemon in the middle of a run', () => {
  let standin: Standin;
  const dir = tmpFolder('kill9');
  const statePath = join(dir, 'state.db');
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    standin = await startStandin({ market: generateMarket({ codes: 6, days: 40, end: '2026-11-20' }), rateLimit: false, latencyMs: 20 });
    writeFileSync(join(dir, 'gq.schedules.json'), JSON.stringify({
      state: 'state.db', output: 'out', concurrency: 1, api: { plan: 'premium' },
      pipeline: { workers: 1, format: 'parquet', cacheDir: 'cache', historyFrom: '2026-10-26' },
      sensors: { data_arrival: { enabled: false } },
      schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false }],
    }));
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await standin.close();
  });

  /** Starts `gq daemon` as a child process and resolves with it and its URL. */
  const daemon = async (): Promise<{ child: ChildProcess; url: string }> => {
    const child = spawn(process.execPath, [GQ, 'daemon', '--config', 'gq.schedules.json', '--port', '0'], {
      cwd: dir, env: { ...process.env, JQUANTS_API_KEY: 'test-key', JQUANTS_API_BASE_URL: standin.url }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', () => {});
    await until(() => /http:\/\/\S+/.test(out), 'the daemon to listen', 60_000);
    return { child, url: /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]! };
  };
  const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));
  const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };
  const integrity = (): string => {
    const db = new DatabaseSync(statePath, { readOnly: true });
    try { return String((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check); } finally { db.close(); }
  };
  const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

  it('marks the run interrupted, re-runs it on restart, keeps what was done, and leaves the state intact', async () => {
    const first = await daemon();
    const r = await fetch(`${first.url}/api/backfills`, { method: 'POST', body: JSON.stringify({ asset: 'dataset', from: '2026-11-16', to: '2026-11-18' }) });
    expect(r.status).toBe(201);
    const state = openState(statePath);
    let victimPid = 0;
    await until(() => {
      const run1 = state.runs.get(1);
      const run2 = state.runs.get(2);
      const line = run2 === undefined ? undefined : state.runs.logs(2).find((l) => l.line.startsWith('process '));
      if (line !== undefined) victimPid = Number(line.line.slice('process '.length));
      return run1?.status === 'success' && run2?.status === 'running' && line !== undefined;
    }, 'run 1 done and run 2 started', 120_000);
    const done = state.runs.get(1)!;
    const doneFile = done.files.find((f) => f.kind === 'parquet')!;
    const doneMtime = statSync(doneFile.path).mtimeMs;
    first.child.kill('SIGKILL');
    await exited(first.child);
    // The run's own process sees its daemon's channel close and exits: no orphan keeps writing.
    await until(() => !alive(victimPid), `the orphaned run process ${victimPid} to exit`, 20_000);
    expect(state.runs.get(2)!.status).toBe('running'); // nobody could record anything: the daemon died
    state.close();
    expect(integrity()).toBe('ok');

    const second = await daemon();
    const s2 = openState(statePath);
    const settled = () => {
      const all = s2.runs.list({ limit: 100 });
      return all.length >= 4 && all.every((x) => ['success', 'failed', 'interrupted', 'canceled'].includes(x.status));
    };
    await until(settled, 'the backfill to finish after the restart', 180_000);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    const runs = s2.runs.list({ limit: 100 }).reverse();
    s2.close();
    expect(runs.map((x) => [x.id, x.partitions[0], x.trigger, x.status, x.parentId])).toEqual([
      [1, '2026-11-16', 'backfill', 'success', null],
      [2, '2026-11-17', 'backfill', 'interrupted', null],
      [3, '2026-11-18', 'backfill', 'success', null],
      [4, '2026-11-17', 'resume', 'success', 2],
    ]);
    // What was done is not redone: run 1's file is the same bytes, not rewritten.
    expect(sha(doneFile.path)).toBe(doneFile.sha256);
    expect(statSync(doneFile.path).mtimeMs).toBe(doneMtime);
    for (const x of runs.filter((y) => y.status === 'success')) for (const f of x.files) expect(existsSync(f.path) && sha(f.path) === f.sha256).toBe(true);
    expect(integrity()).toBe('ok');
  }, 400_000);
});
