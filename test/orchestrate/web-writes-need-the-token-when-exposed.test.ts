import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { checkWrite, isLoopback } from '../../orchestrate/web/write-guard.ts';
import { fakeExecutor } from './helpers/fake-executor.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { realClock } from '../../orchestrate/clock.ts';

const req = (headers: Record<string, string>): IncomingMessage => ({ headers: { host: 'gq.example:9464', ...headers } }) as unknown as IncomingMessage;

describe('who may press the buttons', () => {
  it('allows writes on loopback without a token, refuses them on an exposed address until GQ_DAEMON_TOKEN is set', () => {
    expect(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost')).toBe(true);
    expect(isLoopback('0.0.0.0') || isLoopback('192.168.1.5')).toBe(false);
    expect(checkWrite(req({}), '127.0.0.1', undefined)).toEqual({ ok: true });
    expect(checkWrite(req({}), '0.0.0.0', undefined)).toMatchObject({ ok: false, status: 403 });
    expect(checkWrite(req({}), '0.0.0.0', 's3cret')).toMatchObject({ ok: false, status: 401 });
    expect(checkWrite(req({ authorization: 'Bearer wrong!' }), '0.0.0.0', 's3cret')).toMatchObject({ ok: false, status: 401 });
    expect(checkWrite(req({ authorization: 'Bearer s3cret' }), '0.0.0.0', 's3cret')).toEqual({ ok: true });
  });

  it('refuses a browser write from another site even on loopback', () => {
    expect(checkWrite(req({ origin: 'https://evil.example' }), '127.0.0.1', undefined)).toMatchObject({ ok: false, status: 403 });
    expect(checkWrite(req({ origin: 'http://gq.example:9464' }), '127.0.0.1', undefined)).toEqual({ ok: true });
  });
});

describe('a daemon with GQ_DAEMON_TOKEN', () => {
  let d: Daemon;
  beforeAll(async () => {
    const dir = tmpFolder('token');
    const config = buildDaemonConfig({ state: join(dir, 'state.db'), output: join(dir, 'out') }, null, dir);
    d = await startDaemon({ config, cwd: dir, port: 0, executor: fakeExecutor(realClock).executor, log: () => {}, env: { GQ_DAEMON_TOKEN: 'tok-123' } });
  });
  afterAll(async () => d?.stop(0));

  it('answers 401 to a write without the token and does it with the token; reads need none', async () => {
    const post = (headers: Record<string, string>) => fetch(`${d.http!.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ job: 'noop' }) });
    const refused = await post({});
    expect(refused.status).toBe(401);
    expect(d.state.runs.list()).toEqual([]);
    const done = await post({ authorization: 'Bearer tok-123' });
    expect(done.status).toBe(201);
    expect(d.state.runs.list()).toHaveLength(1);
    expect((await fetch(`${d.http!.url}/api/runs`)).status).toBe(200);
    const summary = (await (await fetch(`${d.http!.url}/web/summary`)).json()) as { writeNeedsToken: boolean };
    expect(summary.writeNeedsToken).toBe(true);
    const html = await (await fetch(`${d.http!.url}/`)).text();
    expect(html).not.toContain('tok-123');
  });
});
