import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, gq } from './run-gq.ts';

describe('gq run --push with GQ_STORE_CONFIG naming no file', () => {
  it('fails in one line naming the variable before anything is fetched or written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-push-config-'));
    const r = await gq(['run', '--sample-codes', '3', '--sample-days', '30', '--workers', '1', '--push'], dir, cleanEnv({ GQ_STORE_CONFIG: 'nope.json' }));
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('gq: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gq: store config nope\.json \(.*\), named by GQ_STORE_CONFIG, does not exist: /);
    expect(readdirSync(dir)).toEqual([]); // no out/, no .gq-cache/
  });
});
