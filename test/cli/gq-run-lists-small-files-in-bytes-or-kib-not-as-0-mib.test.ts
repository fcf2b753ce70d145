import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSize } from '../../io/file-size.ts';
import { gq } from './run-gq.ts';

describe('the file listing of gq run', () => {
  it('gives every file a size that is not zero: bytes, KiB or MiB as the size needs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-sizes-'));
    const r = await gq(['run', '--sample-codes', '3', '--sample-days', '30', '--workers', '1'], dir);
    expect(r.code, r.stderr).toBe(0);
    const sizes = r.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => /\(([^)]+)\)$/.exec(l)?.[1]);
    expect(sizes).toHaveLength(6);
    for (const s of sizes) expect(s).toMatch(/^(\d+ bytes|\d+\.\d (KiB|MiB))$/);
    expect(r.stdout).not.toContain('0.0 MiB');
  });

  it('picks the largest unit the size reaches', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(1023)).toBe('1023 bytes');
    expect(formatSize(1024)).toBe('1.0 KiB');
    expect(formatSize(1024 * 1024 - 1)).toBe('1.0 MiB');
    expect(formatSize(22_123_456)).toBe('21.1 MiB');
    expect(formatSize(6.7e9)).toBe('6.2 GiB');
  });
});
