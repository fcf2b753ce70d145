/** A --dataset or --entities file that is not there is an error naming the option and the path, not raw ENOENT text. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gq } from '../cli/run-gq.ts';
import { tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
});
afterAll(() => done());

describe('gq store and a file that is not there', () => {
  it('materialize --dataset names the option, the path and the fix', async () => {
    for (const action of [['materialize'], ['materialize-incremental', '--end', '2026-11-20']]) {
      const r = await gq(['store', ...action, '--dataset', 'nope.parquet'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`gq: --dataset nope.parquet (${join(dir, 'nope.parquet')}): no such file; give a dataset gq run wrote (e.g. out/dataset.parquet), or leave --dataset out to take the newest in ./out\n`);
    }
  });

  it('history --entities names the option and the path', async () => {
    await writeFile(join(dir, 'gq.store.json'), '{}');
    const r = await gq(['store', 'history', '--entities', join(dir, 'nope.csv')], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gq: --entities ${join(dir, 'nope.csv')}: no such file; give a .csv or .parquet file with Code and event_timestamp columns\n`);
  });
});
