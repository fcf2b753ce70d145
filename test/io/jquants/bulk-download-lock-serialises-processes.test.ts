import { mkdtempSync, writeFileSync, existsSync, rmSync, utimesSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { takeFileLock } from '../../../io/jquants/bulk/file-lock.ts';

const dirs: string[] = [];
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'gq-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('the lock on a bulk download', () => {
  it('makes a second taker wait until the first releases it, and says it waited', async () => {
    const path = join(scratch(), 'f.csv.gz.lock');
    const first = await takeFileLock(path);
    expect(first.waited).toBe(false);
    let secondHas = false;
    const second = takeFileLock(path, { pollMs: 10 }).then((l) => {
      secondHas = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(secondHas).toBe(false);
    await first.release();
    const l2 = await second;
    expect(l2.waited).toBe(true);
    await l2.release();
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock left by a process of this host that is gone', async () => {
    const path = join(scratch(), 'f.csv.gz.lock');
    writeFileSync(path, `${hostname()} ${deadPid()}`);
    const l = await takeFileLock(path, { pollMs: 10 });
    expect(l.waited).toBe(false);
    await l.release();
  });

  it('takes over a lock of another host only once it has not been touched for the stale time', async () => {
    const path = join(scratch(), 'f.csv.gz.lock');
    writeFileSync(path, 'other-host 12345');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    await expect(takeFileLock(path, { pollMs: 10, signal: ac.signal })).rejects.toThrow();
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(path, old, old);
    const l = await takeFileLock(path, { pollMs: 10 });
    await l.release();
    expect(existsSync(path)).toBe(false);
  });

  it('never removes a lock it does not hold', async () => {
    const path = join(scratch(), 'f.csv.gz.lock');
    const l = await takeFileLock(path);
    writeFileSync(path, `${hostname()} ${process.pid + 1}x`);
    await l.release();
    expect(existsSync(path)).toBe(true);
  });
});
