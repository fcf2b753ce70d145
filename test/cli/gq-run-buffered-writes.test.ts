import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

describe('gq run --buffered-writes', () => {
  it('writes the same dataset bytes through the page cache as with O_DIRECT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-buffered-'));
    try {
      const args = ['run', '--sample-codes', '12', '--sample-days', '90'];
      expect((await gq([...args, '--output', 'direct'], dir)).code).toBe(0);
      expect((await gq([...args, '--output', 'buffered', '--buffered-writes'], dir)).code).toBe(0);
      for (const file of ['dataset.parquet', 'dataset.csv']) {
        const direct = await readFile(join(dir, 'direct', file));
        const buffered = await readFile(join(dir, 'buffered', file));
        expect(direct.length).toBeGreaterThan(10_000);
        expect(Buffer.compare(direct, buffered)).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
