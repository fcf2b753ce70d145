/**
 * A read before anything was materialized (gq store get, status, serve on a fresh folder, or on an online store
 * that is there but empty) says that nothing is materialized and what to run, instead of blaming the codes, and
 * never creates a file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfig } from '../../store/config.ts';
import { openOnline } from '../../store/online.ts';
import { gq } from '../cli/run-gq.ts';
import { HAVE_REDIS, startRedis, tempDir, type RedisServer } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
const FIX = 'run gq store materialize (it takes the newest dataset gq run wrote to ./out), or gq run --push';

beforeAll(async () => {
  ({ dir, done } = await tempDir());
});
afterAll(() => done());

describe('a read before anything is materialized', () => {
  it('get and serve say so with the fix, status says so, and none of them creates a file', async () => {
    const db = join(dir, 'feature-store', 'online.db');
    for (const args of [['get', '--codes', '7203'], ['serve', '--port', '0']]) {
      const r = await gq(['store', ...args], dir);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe(`gq: nothing is materialized in the online store sqlite:${db} yet (no such file): ${FIX}\n`);
    }
    const s = await gq(['store', 'status'], dir);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain(`online   sqlite:${db}: nothing materialized yet\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('get on an online store that is there but empty says so rather than blaming the code', async () => {
    const here = join(dir, 'empty');
    const config = await writeConfig(join(here, 'gq.store.json'), './offline', 'sqlite:./online.db');
    await (await openOnline(config.online)).close();
    const r = await gq(['store', 'get', '--codes', '7203'], here);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gq: nothing is materialized in the online store sqlite:${join(here, 'online.db')} yet: ${FIX}\n`);
  });

  it.skipIf(!HAVE_REDIS)('get on an empty Redis says so too', async () => {
    const redis: RedisServer = await startRedis();
    try {
      const here = join(dir, 'redis');
      await writeConfig(join(here, 'gq.store.json'), './offline', `redis://127.0.0.1:${redis.port}/0`);
      const r = await gq(['store', 'get', '--codes', '7203'], here);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`gq: nothing is materialized in the online store redis://127.0.0.1:${redis.port}/0 yet: ${FIX}\n`);
    } finally {
      await redis.stop();
    }
  });
});
