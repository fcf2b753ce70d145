import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '5', '--sample-days', '40', '--workers', '1'];
const requestsOf = (stderr: string): number => Number(/fetch: done in [\d.]+ s: \d+ raw rows, (\d+) requests/.exec(stderr)![1]);

describe('gq run --update master', () => {
  it('requests the listed master again when everything else is cached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-upd-master-'));
    expect((await gq(['run', ...SAMPLE], dir)).code).toBe(0);
    const cached = await gq(['run', ...SAMPLE], dir);
    expect(requestsOf(cached.stderr)).toBe(0);
    const r = await gq(['run', ...SAMPLE, '--update', 'master', '--verbose'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(requestsOf(r.stderr)).toBeGreaterThanOrEqual(1);
    expect(r.stderr).toMatch(/equities\/master/);
  });
});
