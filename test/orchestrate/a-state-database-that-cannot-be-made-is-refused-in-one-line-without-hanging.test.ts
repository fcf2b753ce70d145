import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/gq.js');

/** The message openState throws for `path`. */
function refusal(path: string): string {
  try {
    openState(path).close();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`openState(${path}) succeeded`);
}

describe('a state database that cannot be made', () => {
  const dir = tmpFolder('state-path');

  it('under /proc (where mkdir -p spins forever) is refused at once, naming the path and the folder', () => {
    // (A hang would spin until the test's timeout fails it.)
    expect(refusal('/proc/x/state.db')).toBe('state database /proc/x/state.db: its folder cannot be created (ENOENT on /proc/x); give a file in a folder you can write with --state or the config\'s "state"');
  });

  it('under a file, at a folder, or at a file that is not SQLite is refused saying which', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'not a database, and longer than a SQLite header would need to be to be checked at all');
    mkdirSync(join(dir, 'a-folder'));
    expect(refusal(join(file, 'state.db'))).toContain(`${file} is a file, not a folder`);
    expect(refusal(join(dir, 'a-folder'))).toContain('is a folder, not a file');
    expect(refusal(file)).toMatch(/cannot be opened as a gq state \(file is not a database\)/);
  });

  it('gq daemon --state /proc/x/state.db answers in one line with exit code 2', async () => {
    const e = await run(process.execPath, [BIN, 'daemon', '--state', '/proc/x/state.db', '--port', '0'], { cwd: dir, timeout: 20_000 }).then(() => null, (x: { code: number; stderr: string }) => x);
    expect(e?.code).toBe(2);
    expect(e?.stderr.trim()).toMatch(/^gq: state database \/proc\/x\/state\.db: its folder cannot be created \(ENOENT on \/proc\/x\)/);
  });
});
