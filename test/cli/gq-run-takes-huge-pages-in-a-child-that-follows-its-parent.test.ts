import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wantsHugePages } from '../../bin/huge-pages.js';

const BIN = join(import.meta.dirname, '../../bin/gq.js');
const tmp = mkdtempSync(join(tmpdir(), 'gq-huge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The children of `pid` (Linux /proc), empty when it has none. */
function childrenOf(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return out.stdout.split('\n').filter((s) => s !== '').map(Number);
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe.skipIf(process.platform !== 'linux')('gq run with huge pages', () => {
  it('wants huge pages only on Linux, when not turned off and not already set', () => {
    expect(wantsHugePages({})).toBe(true);
    expect(wantsHugePages({ GQ_HUGEPAGES: '0' })).toBe(false);
    expect(wantsHugePages({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' })).toBe(false);
    expect(wantsHugePages({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' })).toBe(true);
  });

  it('runs the command in a child with the tunable set and passes its exit status on', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', '--bogus-flag'], { encoding: 'utf8', env: { ...process.env, GLIBC_TUNABLES: '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--bogusFlag');
  });

  it('stops the child when the parent is killed with -9', async () => {
    const p = spawn(process.execPath, [BIN, 'run', '--sample-codes', '400', '--sample-days', '400', '--output', join(tmp, 'out'), '--cache-dir', join(tmp, 'cache')], { stdio: 'ignore', env: { ...process.env, GLIBC_TUNABLES: '' } });
    let kids: number[] = [];
    for (let i = 0; i < 100 && kids.length === 0; i++) { await new Promise((r) => setTimeout(r, 50)); kids = childrenOf(p.pid!); }
    expect(kids).toHaveLength(1);
    const child = kids[0]!;
    expect(readFileSync(`/proc/${child}/environ`, 'utf8').split('\0')).toContain('GLIBC_TUNABLES=glibc.malloc.hugetlb=1');
    p.kill('SIGKILL');
    for (let i = 0; i < 200 && alive(child); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(child)).toBe(false);
  }, 30_000);
});
