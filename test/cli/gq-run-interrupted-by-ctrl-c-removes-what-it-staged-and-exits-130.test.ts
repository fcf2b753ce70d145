import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, gq, spawnGq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '150', '--sample-days', '250', '--workers', '2'];
/** bin/gq.js, as `npx gq` starts it: on Linux it re-runs `gq run` in a child and forwards signals to it. */
const BIN = join(import.meta.dirname, '../../bin/gq.js');

/** The run's staging folder in `output`, once it exists and holds a file when `filled` (the write stage). */
function staging(output: string, filled: boolean): string | undefined {
  let names: string[];
  try { names = readdirSync(output); } catch { return undefined; }
  const dir = names.find((n) => n.startsWith('.gq-run.'));
  if (dir === undefined) return undefined;
  try { return !filled || readdirSync(join(output, dir)).length > 0 ? dir : undefined; } catch { return undefined; }
}

/** Sends `signal` to `child` once its staging folder exists (and holds a file when `filled`); resolves its exit. */
function interrupt(child: ChildProcess, output: string, signal: NodeJS.Signals, filled: boolean): Promise<{ code: number | null; stderr: string; staged: string | undefined }> {
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => {
    let staged: string | undefined;
    const poll = setInterval(() => {
      staged = staging(output, filled);
      if (staged !== undefined && child.exitCode === null) { clearInterval(poll); child.kill(signal); }
    }, 2);
    child.on('close', (code) => { clearInterval(poll); resolve({ code, stderr, staged }); });
  });
}

describe('gq run stopped by Ctrl-C or a kill', () => {
  it('SIGINT (through bin/gq.js) removes the staging folder and the --output folder it created, and exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-sigint-'));
    const child = spawn(process.execPath, [BIN, 'run', ...SAMPLE, '--output', 'new-folder'], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const r = await interrupt(child, join(dir, 'new-folder'), 'SIGINT', false);
    expect(r.staged, 'the run was interrupted while it staged').toBeDefined();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain(`gq: interrupted by SIGINT: nothing of this run was written to ${join(dir, 'new-folder')}`);
    expect(existsSync(join(dir, 'new-folder'))).toBe(false);
  }, 60_000);

  it('SIGTERM while the files are being written leaves the previous dataset whole and no temp file, and exits 143', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-sigterm-'));
    const first = await gq(['run', ...SAMPLE], dir);
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(join(dir, 'out', 'dataset.parquet'));
    const listing = readdirSync(join(dir, 'out')).sort();
    const r = await interrupt(spawnGq(['run', ...SAMPLE], dir), join(dir, 'out'), 'SIGTERM', true);
    expect(r.staged, 'the run was interrupted while it wrote').toBeDefined();
    expect(r.code, r.stderr).toBe(143);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(listing);
    expect(readFileSync(join(dir, 'out', 'dataset.parquet')).equals(before)).toBe(true);
  }, 90_000);
});
