/** Shared pieces of the store tests: a small sample dataset (made once), temp folders, Redis and S3 servers on loopback. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { gq } from '../cli/run-gq.ts';

/** A fresh temp folder, removed by the returned function. */
export async function tempDir(): Promise<{ dir: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gq-store-test-'));
  return { dir, done: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The dataset of `gq run --sample-codes 20 --sample-days 120` (seed 42), made once per machine and shared by the
 * test files (made in a temp folder, then renamed into place, so concurrent files never see half of it).
 */
export async function sampleDataset(codes = 20, days = 120): Promise<string> {
  const dir = join(tmpdir(), `gq-store-test-ds-${codes}x${days}-v1`);
  const file = join(dir, 'dataset.parquet');
  if (existsSync(file)) return file;
  const work = await mkdtemp(join(tmpdir(), 'gq-store-test-make-'));
  const r = await gq(['run', '--sample-codes', String(codes), '--sample-days', String(days), '--output', join(work, 'ds'), '--cache-dir', join(work, 'cache'), '--format', 'parquet'], work);
  if (r.code !== 0) throw new Error(`gq run failed: ${r.stderr}`);
  try {
    await rename(join(work, 'ds'), dir);
  } catch {
    // another test file made it first
  }
  await rm(work, { recursive: true, force: true });
  return file;
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

export const HAVE_REDIS = spawnSync('redis-server', ['--version']).status === 0;

export type RedisServer = { port: number; stop: () => Promise<void>; start: () => Promise<void> };

/** Starts `redis-server` on a free loopback port (no persistence); `stop`/`start` restart it on the same port. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG')) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on ${port}`);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => { c.once('exit', () => resolve()); c.kill('SIGKILL'); });
  };
  await start();
  return { port, stop, start };
}

/** An in-process S3-compatible server (s3rver) on a free loopback port with `bucket` made; the env for gq's client. */
export async function startS3(bucket: string): Promise<{ port: number; env: Record<string, string>; stop: () => Promise<void> }> {
  type S3rverClass = new (o: object) => { run(): Promise<unknown>; close(): Promise<void> };
  const name = 's3rver'; // ships no type declarations
  const { default: S3rver } = (await import(name)) as { default: S3rverClass };
  const { dir, done } = await tempDir();
  await mkdir(join(dir, 's3'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: bucket }] });
  const addr = (await server.run()) as { port: number };
  const env = { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${addr.port}`, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
  return { port: addr.port, env, stop: async () => { await server.close(); await done(); } };
}

/** Runs the materialize child and SIGKILLs it once it has reported `parts` offline partitions; its output. */
export async function killAfterPartitions(child: ChildProcess, parts: number): Promise<string> {
  let out = '';
  const exited = new Promise((r) => child.once('exit', r));
  child.stdout!.on('data', (d) => {
    out += d;
    if ((out.match(/^offline: /gm) ?? []).length >= parts) child.kill('SIGKILL');
  });
  await exited;
  return out;
}

/** Checks every file after a kill is whole: the old run's bytes or the new run's; the count of new ones. */
export function newFilesAmongOldOrNew(after: Map<string, Buffer>, old: Map<string, Buffer>, want: Map<string, Buffer>): number {
  let fresh = 0;
  for (const [f, bytes] of after) {
    const isNew = want.get(f)?.equals(bytes) === true;
    const isOld = old.get(f)?.equals(bytes) === true;
    expect(isNew || isOld, f).toBe(true);
    if (isNew && !isOld) fresh++;
  }
  return fresh;
}
