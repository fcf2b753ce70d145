/**
 * A store config named by --store or GQ_STORE_CONFIG that is not there is an error naming the file and what named
 * it (a typo must not read or write the default store); gq store init makes the named file; without either,
 * ./gq.store.json may be absent (the defaults).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushDataset } from '../../store/push.ts';
import { cleanEnv, gq } from '../cli/run-gq.ts';
import { tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
});
afterAll(() => done());

describe('a store config named by --store or GQ_STORE_CONFIG', () => {
  it('is an error naming the file and the flag when --store names no file, and nothing is written', async () => {
    const r = await gq(['store', 'status', '--store', 'nope.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gq: store config nope.json (${join(dir, 'nope.json')}), named by --store, does not exist: give an existing file, or make it with gq store init --store nope.json\n`);
    expect(readdirSync(dir)).toEqual([]);
    // gq store init makes the named file, and it is read from then on.
    const init = await gq(['store', 'init', '--store', 'nope.json'], dir);
    expect(init.code, init.stderr).toBe(0);
    const again = await gq(['store', 'status', '--store', 'nope.json'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^offline .*: 0 partitions/);
  });

  it('is an error naming the file and the variable when GQ_STORE_CONFIG names no file', async () => {
    const here = join(dir, 'env');
    mkdirSync(here);
    const r = await gq(['store', 'get', '--codes', '7203'], here, cleanEnv({ GQ_STORE_CONFIG: 'typo.json' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gq: store config typo.json (${join(here, 'typo.json')}), named by GQ_STORE_CONFIG, does not exist: set GQ_STORE_CONFIG to an existing file or unset it (then ./gq.store.json is used), or make it with gq store init\n`);
    expect(readdirSync(here)).toEqual([]);
  });

  it('is refused by gq run --push too, before the dataset is read', async () => {
    await expect(pushDataset(join(dir, 'no-dataset.parquet'), join(dir, 'absent.json'))).rejects.toThrow(/store config .*absent\.json, named by --store, does not exist/);
  });
});
