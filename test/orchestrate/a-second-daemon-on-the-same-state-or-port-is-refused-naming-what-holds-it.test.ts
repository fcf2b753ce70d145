import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/gq.js');
const env = { ...process.env, JQUANTS_API_KEY: '' };
const refused = (args: string[], cwd: string) => run(process.execPath, [BIN, ...args], { cwd, env, timeout: 20_000 })
  .then(() => { throw new Error(`gq ${args.join(' ')} started`); }, (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr.trim() }));

describe('gq daemon where something already holds its state or its port', () => {
  const dir = tmpFolder('second-daemon');
  const statePath = join(dir, 'state.db');
  let first: Daemon | undefined;
  let blocker: Server | undefined;
  afterAll(async () => {
    await first?.stop(0);
    blocker?.close();
  });

  it('refuses a second daemon on a state a live daemon runs on, naming its pid and URL and the fix', async () => {
    first = await startDaemon({ config: buildDaemonConfig({ state: statePath, sensors: { quality_alert: { enabled: false } } }, null, dir), cwd: dir, port: 0, log: () => {} });
    const r = await refused(['daemon', '--state', statePath, '--port', '0'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gq: a gq daemon already runs on ${statePath} (pid ${process.pid}, ${first.http!.url}); stop it first (kill -TERM ${process.pid}), or give this one its own state with --state`);
  });

  it('refuses a port in use in one line naming the port and the way out, and leaves its state closed', async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    const other = join(dir, 'other.db');
    const r = await refused(['daemon', '--state', other, '--port', String(port)], dir);
    expect(r.stderr).toBe(`gq: port ${port} on 127.0.0.1 is already in use (another gq daemon, or another program); stop it, or give another port with --port N (--port 0 picks a free one)`);
    await expect(startDaemon({ config: buildDaemonConfig({ state: other }, null, dir), cwd: dir, port, log: () => {} })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    const s = openState(other); // the failed start closed it: a second open and a write go through
    s.kv.set('probe', true, Date.now());
    s.close();
  });

  it('takes --verbose (the stack of an error) instead of refusing it as an unknown option', async () => {
    const r = await refused(['daemon', '--verbose', '--port', 'x', '--state', join(dir, 'v.db')], dir);
    expect(r.stderr.split('\n')[0]).toBe('gq: --port x must be a port number (0 picks a free one)');
    expect(r.stderr).toContain('at daemonCommand');
    expect(r.stderr).not.toContain('Unknown option');
  });
});
