import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tmpFolder } from './helpers/tmp.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/gq.js');
const gq = (args: string[], cwd: string) => run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, GQ_STATE: '' } });

describe('gq runs and gq assets where no daemon has run yet', () => {
  it('print no runs and the assets, say which state file they looked for, and leave no .gq folder behind', async () => {
    const dir = tmpFolder('no-state');
    const runs = await gq(['runs'], dir);
    expect(runs.stdout.trim()).toBe('no runs');
    expect(runs.stderr.trim()).toBe(`gq: no state database at ${join(dir, '.gq/state.db')} yet (gq daemon or gq backfill creates it; --state or --config names another)`);
    expect(JSON.parse((await gq(['runs', '--json'], dir)).stdout)).toEqual([]);
    expect((await gq(['assets'], dir)).stdout).toContain('dataset');
    expect(existsSync(join(dir, '.gq'))).toBe(false);
  });

  it('gq runs --limit with something that is not a whole number from 1 is refused naming the value', async () => {
    const dir = tmpFolder('limit');
    for (const bad of ['abc', '0', '2.5']) {
      const e = await gq(['runs', '--limit', bad], dir).then(() => null, (x: { code: number; stderr: string }) => x);
      expect(e?.code).toBe(2);
      expect(e?.stderr).toContain(`gq: --limit ${bad} must be a whole number of runs from 1, e.g. --limit 100`);
    }
  });
});
