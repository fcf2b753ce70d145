import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openState, type State } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

const BIN = join(import.meta.dirname, '../../bin/gq.js');

/** `gq runs cancel ID` on `dir` as a child process: its stdout and exit code once it ends. */
function cancel(dir: string, id: number): Promise<{ stdout: string; code: number | null }> {
  const p = spawn(process.execPath, [BIN, 'runs', 'cancel', String(id)], { cwd: dir });
  let stdout = '';
  p.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
  return new Promise((resolve) => p.on('exit', (code) => resolve({ stdout: stdout.trim(), code })));
}

/** A state with one running run and this test process standing in for its live daemon. */
function runningRun(name: string): { dir: string; state: State; id: number } {
  const dir = tmpFolder(name);
  const state = openState(join(dir, '.gq/state.db'));
  const r = state.runs.request({ job: 'noop', partitions: [], trigger: 'manual' }, Date.now())!;
  state.runs.claim(r.id, 'test', Date.now());
  state.kv.set('daemon', { pid: process.pid, owner: 'test', url: null, at: Date.now() }, Date.now());
  return { dir, state, id: r.id };
}

describe('gq runs cancel of a running run', () => {
  it('waits for the daemon and says it stopped the run', async () => {
    const { dir, state, id } = runningRun('cancel-stopped');
    const answer = cancel(dir, id);
    await until(() => state.kv.get(`cancel/${id}`) === true, 'the cancel request', 10_000);
    state.runs.finish(id, { status: 'canceled', error: 'canceled' }, Date.now());
    expect(await answer).toEqual({ stdout: `run ${id} canceled (the daemon, pid ${process.pid}, stopped it)`, code: 0 });
    state.close();
  });

  it('says the run ended before the cancel reached it, and exits 1, instead of "cancel sent"', async () => {
    const { dir, state, id } = runningRun('cancel-too-late');
    const answer = cancel(dir, id);
    await until(() => state.kv.get(`cancel/${id}`) === true, 'the cancel request', 10_000);
    state.runs.finish(id, { status: 'success' }, Date.now());
    expect(await answer).toEqual({ stdout: `run ${id} ended success before the cancel reached it: nothing was canceled`, code: 1 });
    state.close();
  });
});
