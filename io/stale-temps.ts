/** Cleaning up after a killed run: temp files whose writing process is gone. */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The temp-name pattern of io/atomic.ts: `.<base>.<pid>.<16 hex>.tmp`. */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]{16}\.tmp$/;

/** Removes temp files (and staging folders) in `dir` left by processes that no longer run; returns their names. */
export function removeStaleTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isStaleTemp(name)) continue;
    rmSync(join(dir, name), { force: true, recursive: true }); // a file, or a run's staging folder
    removed.push(name);
  }
  return removed;
}

/** True for a temp name of io/atomic.ts whose writing process no longer runs. */
export function isStaleTemp(name: string): boolean {
  const m = TEMP.exec(name);
  return m !== null && !processAlive(Number(m[1]));
}

/** Whether a process with this pid runs on this machine (one of another user counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
