import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillProgress, requestBackfill } from '../../orchestrate/backfill.ts';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import type { PartitionPointer } from '../../orchestrate/queue/shared-outputs.ts';
import { s3Client, type S3 } from '../../store/s3-client.ts';
import { startS3 } from '../store/helpers.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';
import { hasRedis, startRedis, type RedisServer } from './queue-redis.ts';
import { spawnWorker, type WorkerProc } from './queue-workers.ts';

const BUCKET = 'gq-test';
const DAYS = ['2026-11-17', '2026-11-18', '2026-11-19']; // by hand: Tue-Thu, TSE business days
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!hasRedis())('outputs of distributed runs on S3 (skipped only when redis-server is absent)', () => {
  let redis: RedisServer;
  let s3srv: Awaited<ReturnType<typeof startS3>>;
  let s3: S3;
  let d: Daemon;
  const workers: WorkerProc[] = [];
  const saved = { ...process.env };
  const dir = tmpFolder('queue-s3');
  const workerDir = join(dir, 'worker'); // the workers' machine: its own folder, with the store config

  beforeAll(async () => {
    redis = await startRedis();
    s3srv = await startS3(BUCKET);
    Object.assign(process.env, s3srv.env); // the daemon reads quality reports from S3 for the status page
    s3 = s3Client(BUCKET);
    mkdirSync(workerDir);
    writeFileSync(join(workerDir, 'gq.store.json'), JSON.stringify({ version: 1, offline: `s3://${BUCKET}/offline`, online: 'sqlite:./store/online.db' }));
    const config = buildDaemonConfig({
      state: join(dir, 'state.db'), output: join(dir, 'out'), retries: { count: 0 },
      pipeline: { workers: 1, sampleCodes: 20, sampleDays: 80, cacheDir: join(dir, 'cache') },
      sensors: { data_arrival: { enabled: false } },
      schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false }],
    }, null, dir);
    d = await startDaemon({ config, cwd: dir, port: 0, queue: redis.url, log: () => {}, env: {} });
    for (const name of ['w1', 'w2']) workers.push(spawnWorker(redis.url, name, workerDir, s3srv.env));
    await Promise.all(workers.map((w) => w.ready));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await d?.stop(0);
    s3?.close();
    await s3srv?.stop();
    await redis?.stop();
    process.env = saved;
  });

  /** The pointer of a day and each file it names, checked against its bytes. */
  const committed = async (day: string): Promise<{ pointer: PartitionPointer; bytes: Map<string, Uint8Array> }> => {
    // s3rver writes an object in place while it is PUT, so a GET during the pointer's PUT can see part of it (S3 itself
    // answers the old object or the new one, whole): such a read is taken again. The files are never overwritten.
    let pointer: PartitionPointer | undefined;
    for (let i = 0; pointer === undefined; i++) {
      const raw = await s3.get(`offline-partitions/dataset/date=${day}/_partition.json`);
      expect(raw, `pointer of ${day}`).toBeDefined();
      try {
        pointer = JSON.parse(new TextDecoder().decode(raw)) as PartitionPointer;
      } catch (e) {
        if (i >= 5) throw e;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const bytes = new Map<string, Uint8Array>();
    for (const f of pointer.files) {
      const b = await s3.get(f.key);
      expect(b, f.key).toBeDefined();
      expect(sha(b!)).toBe(f.sha256);
      expect(b!.length).toBe(f.bytes);
      bytes.set(f.name, b!);
    }
    return { pointer, bytes };
  };

  it('puts every partition of a backfill beside the S3 offline store, committed by a pointer, and nothing in the daemon folder', async () => {
    const plan = requestBackfill(d.state, 'dataset', DAYS[0]!, DAYS.at(-1)!, Date.now());
    expect(plan.partitions).toEqual(DAYS);
    d.wake();
    await until(() => backfillProgress(d.state, plan.backfill).every((p) => p.status === 'success' || p.status === 'failed'), 'the backfill', 90_000);
    const runs = backfillProgress(d.state, plan.backfill).map((p) => d.state.runs.get(p.runId!)!);
    expect(runs.map((r) => [r.partitions[0], r.status, r.error])).toEqual(DAYS.map((day) => [day, 'success', null]));
    for (const r of runs) {
      const day = r.partitions[0]!;
      const { pointer, bytes } = await committed(day);
      expect(pointer.runId).toBe(r.id);
      expect(pointer.worker).toBe(r.owner);
      expect(pointer.files.map((f) => f.name)).toContain('dataset.parquet');
      expect(pointer.files.map((f) => f.name)).toContain('dataset.quality.json');
      // The run's record names the S3 objects; the parquet has the rows the run reported (read by hyparquet).
      expect(r.files.map((f) => f.path).sort()).toEqual(pointer.files.map((f) => `s3://${BUCKET}/${f.key}`).sort());
      const pq = bytes.get('dataset.parquet')!;
      expect(Number(parquetMetadata(pq.buffer.slice(pq.byteOffset, pq.byteOffset + pq.byteLength) as ArrayBuffer).num_rows)).toBe(r.rows);
      expect(r.rows).toBeGreaterThan(0);
    }
    expect(new Set(runs.map((r) => r.owner)).size).toBeGreaterThanOrEqual(1);
    // Built on the workers' machine and uploaded: nothing under the daemon's output folder but its marker.
    expect(existsSync(join(dir, 'out', 'dataset'))).toBe(false);
    // The status page reads a run's quality summary from S3.
    const q = (await (await fetch(`${d.http!.url}/web/runs/${runs[1]!.id}/quality`)).json()) as { files: { file: string; rowsOut: number }[] };
    expect(q.files).toHaveLength(1);
    expect(q.files[0]!.file).toMatch(new RegExp(`^s3://${BUCKET}/offline-partitions/dataset/date=${DAYS[1]}/`));
    expect(q.files[0]!.rowsOut).toBeGreaterThan(0);
  }, 120_000);

  it('replaces a partition atomically when it is built again: a reader always finds a whole, consistent partition', async () => {
    const day = DAYS[1]!;
    const gen0 = await committed(day);
    const first = d.state.runs.list({ limit: 100 }).find((r) => r.partitions[0] === day && r.status === 'success')!;
    /** Re-runs the partition while a reader polls it: every pointer it sees names files that are all there and match. */
    const rebuild = async (): Promise<number> => {
      const res = await fetch(`${d.http!.url}/api/runs/${first.id}/rerun`, { method: 'POST' });
      const id = ((await res.json()) as { id: number }).id;
      let reads = 0;
      while (['queued', 'running'].includes(d.state.runs.get(id)!.status)) {
        await committed(day);
        reads++;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(d.state.runs.get(id)!.status).toBe('success');
      expect(reads).toBeGreaterThan(0);
      console.log(`re-run ${id} of ${day}: ${reads} consistent reads while it was rebuilt`);
      return id;
    };
    const id1 = await rebuild();
    const gen1 = await committed(day);
    expect(gen1.pointer.runId).toBe(id1);
    expect(gen1.pointer.files.every((f) => f.key.includes(`-run-${id1}-a1/`))).toBe(true);
    // The same partition built twice from the same market: the same rows.
    expect(d.state.runs.get(id1)!.rows).toBe(first.rows);
    // The replaced build stays for readers that took the old pointer, until the next build replaces this one.
    expect(gen1.pointer.replaced.sort()).toEqual(gen0.pointer.files.map((f) => f.key).sort());
    for (const f of gen0.pointer.files) expect(await s3.get(f.key)).toBeDefined();
    const id2 = await rebuild();
    expect((await committed(day)).pointer.runId).toBe(id2);
    for (const f of gen0.pointer.files) expect(await s3.get(f.key)).toBeUndefined();
    for (const f of gen1.pointer.files) expect(await s3.get(f.key)).toBeDefined();
  }, 60_000);
});
