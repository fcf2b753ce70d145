/**
 * Without locations in the config, the stores go to ./feature-store (not ./store, which in a checkout of gq is the
 * source folder store/), beside the config file; a folder that holds a store an older gq made in ./store (and no
 * ./feature-store) keeps using it, and gq store init there writes it into the config, until it is moved.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../store/config.ts';
import { gq } from '../cli/run-gq.ts';
import { sampleDataset, tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
let dataset: string;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  dataset = await sampleDataset();
}, 120_000);
afterAll(() => done());

describe('the default store folder', () => {
  it('is ./feature-store beside the config, also in a folder with a source folder store/ (a checkout of gq)', async () => {
    const here = join(dir, 'checkout');
    mkdirSync(join(here, 'store'), { recursive: true });
    writeFileSync(join(here, 'store', 'config.ts'), 'export {};\n');
    const c = buildConfig(join(here, 'gq.store.json'), {});
    expect(c.offline).toEqual({ kind: 'local', dir: join(here, 'feature-store', 'offline') });
    expect(c.online).toEqual({ kind: 'sqlite', path: join(here, 'feature-store', 'online.db') });
    const m = await gq(['store', 'materialize', '--dataset', dataset, '--from', '2026-11-01'], here);
    expect(m.code, m.stderr).toBe(0);
    expect(readdirSync(join(here, 'store'))).toEqual(['config.ts']);
    expect(existsSync(join(here, 'feature-store', 'offline', '_manifest.json'))).toBe(true);
    expect(existsSync(join(here, 'feature-store', 'online.db'))).toBe(true);
    mkdirSync(join(dir, 'fresh'));
    const init = await gq(['store', 'init'], join(dir, 'fresh'));
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('\n  offline ./feature-store/offline\n  online  sqlite:./feature-store/online.db\n');
  });

  it('stays ./store where an older gq materialized into it, for every command and for gq store init, until it is moved to ./feature-store', async () => {
    const here = join(dir, 'older');
    mkdirSync(here);
    writeFileSync(join(here, 'gq.store.json'), JSON.stringify({ version: 1, offline: './store/offline', online: 'sqlite:./store/online.db' }));
    expect((await gq(['store', 'materialize', '--dataset', dataset, '--from', '2026-11-01'], here)).code).toBe(0);
    rmSync(join(here, 'gq.store.json')); // a user of the defaults never had one
    const s = await gq(['store', 'status'], here);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(new RegExp(`^offline  ${join(here, 'store', 'offline')}: 1 partitions`));
    const g = await gq(['store', 'get', '--codes', '35060', '--features', 'bars:Close'], here);
    expect(g.code, g.stderr).toBe(0);
    const init = await gq(['store', 'init'], here);
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(here, 'gq.store.json'), 'utf8'))).toMatchObject({ offline: './store/offline', online: 'sqlite:./store/online.db' });
    expect(existsSync(join(here, 'feature-store'))).toBe(false);
    // Moved into ./feature-store (and no config naming ./store), it is found there.
    rmSync(join(here, 'gq.store.json'));
    mkdirSync(join(here, 'feature-store'));
    for (const f of readdirSync(join(here, 'store'))) renameSync(join(here, 'store', f), join(here, 'feature-store', f));
    const moved = await gq(['store', 'status'], here);
    expect(moved.stdout).toMatch(new RegExp(`^offline  ${join(here, 'feature-store', 'offline')}: 1 partitions`));
    expect(moved.stdout).toMatch(/bars .* online 18 codes/);
  });
});
