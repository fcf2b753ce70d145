/**
 * kill -9 in the middle of a materialization: every partition file is whole (the old one or the new one, never a
 * part), the manifest is the old one, the store stays readable, and a re-run completes it to the same bytes as an
 * uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatDay, parseDay } from '../../engine/dates.ts';
import { buildConfig, writeConfig, type StoreConfig } from '../../store/config.ts';
import { entitiesFromRows } from '../../store/entities.ts';
import { getHistoricalFeatures } from '../../store/history.ts';
import { materialize, readManifest } from '../../store/materialize.ts';
import { localBackend } from '../../store/offline-local.ts';
import { readTable } from '../../store/table.ts';
import { killAfterPartitions, newFilesAmongOldOrNew, sampleDataset, tempDir } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./fixtures/paced-materialize.ts', import.meta.url));
let dir: string;
let done: () => Promise<void>;
let dataset: string;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  dataset = await sampleDataset();
}, 120_000);
afterAll(() => done());

async function files(c: StoreConfig): Promise<Map<string, Buffer>> {
  const root = (c.offline as { dir: string }).dir;
  const list = (await localBackend(root).list()).filter((f) => f.endsWith('.parquet'));
  return new Map(await Promise.all(list.map(async (f) => [f, await readFile(join(root, f))] as [string, Buffer])));
}

it('leaves whole old-or-new partitions and the old manifest, and a re-run completes it', async () => {
  const clean = buildConfig(join(dir, 'clean', 'gq.store.json'), {});
  await materialize(clean, { dataset, offlineOnly: true });
  const want = await files(clean);

  const path = join(dir, 'killed', 'gq.store.json');
  const killed = await writeConfig(path, './offline', `sqlite:${join(dir, 'killed', 'online.db')}`);
  const t = await readTable(dataset, []);
  const first = Math.min(...t.date);
  const mid = formatDay(first + 60); // inside a month: that month's old partition differs from the new one
  await materialize(killed, { dataset, to: mid, offlineOnly: true });
  const old = await files(killed);
  const oldManifest = await readManifest(localBackend((killed.offline as { dir: string }).dir));

  const child = spawn(process.execPath, [CHILD, path, dataset], { stdio: ['ignore', 'pipe', 'inherit'] });
  const out = await killAfterPartitions(child, 4);
  expect(out).not.toMatch(/done/);

  const after = await files(killed);
  const manifest = await readManifest(localBackend((killed.offline as { dir: string }).dir));
  expect(manifest.materialized).toEqual(oldManifest.materialized);
  const fresh = newFilesAmongOldOrNew(after, old, want);
  expect(fresh).toBeGreaterThan(0); // it was killed after writing new files...
  expect(after.size).toBeLessThan(want.size); // ...and before the last
  // ...and the store reads: a join at the old manifest's last day works
  const r = await getHistoricalFeatures(killed, entitiesFromRows([{ Code: t.codes[0]!, event_timestamp: `${formatDay(parseDay(mid))}T17:00:00+09:00` }]));
  expect(r.values.length).toBeGreaterThan(0);

  await materialize(killed, { dataset, offlineOnly: true });
  const rerun = await files(killed);
  expect([...rerun.keys()]).toEqual([...want.keys()]);
  for (const [f, bytes] of want) expect(rerun.get(f)!.equals(bytes), f).toBe(true);
});
