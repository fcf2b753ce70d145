import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, gq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '3', '--sample-days', '30', '--workers', '1'];

/** A refused run in a fresh folder holding the file `afile`: its one `gq: ` line, after checking nothing was made. */
async function refusal(args: string[], env: Record<string, string> = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gq-path-opt-'));
  writeFileSync(join(dir, 'afile'), 'x');
  const r = await gq(['run', ...SAMPLE, '--output', 'new-out', ...args], dir, cleanEnv(env));
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/ENOTDIR: |ENOENT: |\n\s+at /);
  expect(existsSync(join(dir, 'new-out')), 'the output folder').toBe(false);
  expect(readdirSync(dir).sort()).toEqual(['afile']);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('gq: '));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('gq run with a --tag or --cache-dir it cannot use', () => {
  it('--tag a/b: a tag is a file name, and the folder goes to --output', async () => {
    expect(await refusal(['--tag', 'a/b'])).toBe('gq: --tag "a/b" holds a path separator: a tag is the file name of the outputs (a/b.parquet, .csv, ...), e.g. --tag dataset_2026; for the folder use --output, e.g. --output a --tag b');
  });

  it('--tag "" and --tag .x are refused too', async () => {
    expect(await refusal(['--tag', ''])).toMatch(/^gq: --tag "" is empty: /);
    expect(await refusal(['--tag', '.x'])).toMatch(/^gq: --tag ".x" starts with "\."/);
  });

  it('--cache-dir naming a file, or a path through a file', async () => {
    expect(await refusal(['--cache-dir', 'afile'])).toBe('gq: --cache-dir afile: is a file, not a folder; give a folder you can write (created when missing), e.g. --cache-dir .gq-cache');
    expect(await refusal(['--cache-dir', 'afile/raw'])).toMatch(/^gq: --cache-dir afile\/raw: runs through the file \/.*\/afile, not a folder; /);
  });

  it('GQ_CACHE_DIR naming a file is named as GQ_CACHE_DIR', async () => {
    expect(await refusal([], { GQ_CACHE_DIR: 'afile' })).toMatch(/^gq: GQ_CACHE_DIR afile: is a file, not a folder; /);
  });

  it.runIf(process.platform === 'linux')('--cache-dir where no folder can be made (/proc) is refused at once', async () => {
    expect(await refusal(['--cache-dir', '/proc/gq-cache'])).toBe('gq: --cache-dir /proc/gq-cache: cannot be created (ENOENT on /proc/gq-cache); give a folder you can write (created when missing), e.g. --cache-dir .gq-cache');
  }, 20_000);
});
