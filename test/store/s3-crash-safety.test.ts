/**
 * kill -9 in the middle of a materialization into an S3 offline store (s3rver on loopback, in this process; the
 * materialization in a child process): every partition object is whole (the old one or the new one), the manifest
 * is the old one (it is put last), the store stays readable, and a re-run completes it to the same bytes as an
 * uninterrupted run. The S3 twin of crash-safety.test.ts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatDay, parseDay } from '../../engine/dates.ts';
import { buildConfig, writeConfig } from '../../store/config.ts';
import { entitiesFromRows } from '../../store/entities.ts';
import { getHistoricalFeatures } from '../../store/history.ts';
import { materialize, readManifest } from '../../store/materialize.ts';
import { s3Backend } from '../../store/offline-s3.ts';
import { s3Client } from '../../store/s3-client.ts';
import { readTable } from '../../store/table.ts';
import { killAfterPartitions, newFilesAmongOldOrNew, sampleDataset, startS3, tempDir } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./fixtures/paced-materialize.ts', import.meta.url));
const BUCKET = 'gq-crash';
let dir: string;
let done: () => Promise<void>;
let dataset: string;
let s3: Awaited<ReturnType<typeof startS3>>;
const saved = { ...process.env };

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  dataset = await sampleDataset();
  s3 = await startS3(BUCKET);
  Object.assign(process.env, s3.env);
}, 120_000);
afterAll(async () => {
  process.env = saved;
  await s3.stop();
  await done();
});

/** Every partition object under a prefix, by its name relative to the prefix. */
async function objects(prefix: string): Promise<Map<string, Buffer>> {
  const client = s3Client(BUCKET, s3.env);
  try {
    const keys = (await client.list(`${prefix}/`)).filter((k) => k.endsWith('.parquet'));
    return new Map(await Promise.all(keys.map(async (k) => [k.slice(prefix.length + 1), Buffer.from((await client.get(k))!)] as [string, Buffer])));
  } finally {
    client.close();
  }
}

async function manifestAt(prefix: string): Promise<Awaited<ReturnType<typeof readManifest>>> {
  const b = await s3Backend(BUCKET, prefix);
  try {
    return await readManifest(b);
  } finally {
    await b.close();
  }
}

it('leaves whole old-or-new partition objects and the old manifest, and a re-run completes it', async () => {
  await materialize(buildConfig(join(dir, 'clean', 'gq.store.json'), { offline: `s3://${BUCKET}/clean` }), { dataset, offlineOnly: true });
  const want = await objects('clean');

  const path = join(dir, 'killed', 'gq.store.json');
  const killed = await writeConfig(path, `s3://${BUCKET}/killed`, `sqlite:${join(dir, 'killed', 'online.db')}`);
  const t = await readTable(dataset, []);
  const first = Math.min(...t.date);
  const mid = formatDay(first + 60); // inside a month: that month's old partition differs from the new one
  await materialize(killed, { dataset, to: mid, offlineOnly: true });
  const old = await objects('killed');
  const oldManifest = await manifestAt('killed');

  const child = spawn(process.execPath, [CHILD, path, dataset], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...s3.env } });
  const out = await killAfterPartitions(child, 4);
  expect(out).not.toMatch(/done/);

  const after = await objects('killed');
  expect((await manifestAt('killed')).materialized).toEqual(oldManifest.materialized);
  const fresh = newFilesAmongOldOrNew(after, old, want);
  expect(fresh).toBeGreaterThan(0); // it was killed after putting new objects...
  expect(after.size).toBeLessThan(want.size); // ...and before the last
  // ...and the store reads: a join at the old manifest's last day works
  let known = -1; // a row of the latest day at or before mid
  for (let i = 0; i < t.rows; i++) if (t.date[i]! <= parseDay(mid) && (known < 0 || t.date[i]! > t.date[known]!)) known = i;
  const r = await getHistoricalFeatures(killed, entitiesFromRows([{ Code: t.codes[t.code[known]!]!, event_timestamp: `${formatDay(parseDay(mid))}T17:00:00+09:00` }]));
  expect(r.values.some((v) => v.some((x) => !Number.isNaN(x)))).toBe(true);

  await materialize(killed, { dataset, offlineOnly: true });
  const rerun = await objects('killed');
  expect([...rerun.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [f, bytes] of want) expect(rerun.get(f)!.equals(bytes), f).toBe(true);
  expect((await manifestAt('killed')).partitions).toEqual((await manifestAt('clean')).partitions);
}, 120_000);
