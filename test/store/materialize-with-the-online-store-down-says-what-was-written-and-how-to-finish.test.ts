/**
 * `gq store materialize` whose online store (Redis) is down writes the offline half, then fails saying what was
 * written, what failed and the command that finishes the job; that command (`--online-only`) leaves the online
 * store as an uninterrupted materialization would.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfig } from '../../store/config.ts';
import { readTable } from '../../store/table.ts';
import { gq } from '../cli/run-gq.ts';
import { HAVE_REDIS, sampleDataset, startRedis, tempDir, type RedisServer } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
let dataset: string;
let redis: RedisServer;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  dataset = await sampleDataset();
  if (HAVE_REDIS) redis = await startRedis();
}, 120_000);
afterAll(async () => {
  await redis?.stop();
  await done();
});

describe.skipIf(!HAVE_REDIS)('materialize with the online store down', () => {
  it('says what was written, what failed and how to finish; the finishing command leaves the store as one run would', async () => {
    const down = join(dir, 'down');
    await writeConfig(join(down, 'gq.store.json'), './offline', `redis://127.0.0.1:${redis.port}/0`);
    await redis.stop();
    const r = await gq(['store', 'materialize', '--dataset', dataset, '--from', '2026-10-01'], down);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gq: the offline store ${join(down, 'offline')} was written (605 rows 2026-10-01..2026-11-20 into 2 partitions), the online store was not: `
      + `online store redis://127.0.0.1:${redis.port}/0 does not answer (connect ECONNREFUSED 127.0.0.1:${redis.port}); start Redis there or change "online" in the store config. `
      + `Once it answers, finish with gq store materialize --online-only --dataset ${dataset} --from 2026-10-01 --to 2026-11-20\n`);
    const status = await gq(['store', 'status'], down);
    expect(status.stdout).toMatch(/2 partitions, 605 rows/);

    await redis.start();
    const finish = r.stderr.slice(r.stderr.indexOf('finish with gq ') + 'finish with gq '.length).trim().split(' ');
    const f = await gq(finish, down);
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toMatch(/^gq store: online store only: the latest rows of 2026-10-01\.\.2026-11-20 \(605 dataset rows\) in [\d.]+ s\n {2}online rows written: bars 18, /);

    // The same as one uninterrupted materialization (into another Redis database): every view, every code.
    const whole = join(dir, 'whole');
    await writeConfig(join(whole, 'gq.store.json'), './offline', `redis://127.0.0.1:${redis.port}/1`);
    expect((await gq(['store', 'materialize', '--dataset', dataset, '--from', '2026-10-01'], whole)).code).toBe(0);
    // The codes of the last day (the others left the online store by TTL in both).
    const t = await readTable(dataset, []);
    const lastDay = Math.max(...t.date);
    const codes = [...new Set(t.codes.filter((_, k) => t.code.some((c, i) => c === k && t.date[i] === lastDay)))];
    expect(codes.length).toBe(18);
    const a = await gq(['store', 'get', '--codes', ...codes, '--json'], down);
    const b = await gq(['store', 'get', '--codes', ...codes, '--json'], whole);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(a.stdout).results[1].statuses).toContain('PRESENT');
    expect(a.stdout).toBe(b.stdout);
  });

  it('refuses --online-only with --offline-only, and with materialize-incremental', async () => {
    const both = await gq(['store', 'materialize', '--dataset', dataset, '--online-only', '--offline-only'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('gq: --online-only and --offline-only together would write nothing: give one of them\n');
    const inc = await gq(['store', 'materialize-incremental', '--end', '2026-11-20', '--online-only'], dir);
    expect(inc.code).toBe(2);
    expect(inc.stderr).toBe('gq: --online-only goes with gq store materialize --from D --to D (the days whose online half is missing)\n');
  });
});
