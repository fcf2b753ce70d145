import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';

const run = promisify(execFile);
// bin/gq.js hands `gq runs` to its lean entry; cli/gq.ts is the full CLI (cac), which must say the same.
const ENTRIES = { lean: join(import.meta.dirname, '../../bin/gq.js'), full: join(import.meta.dirname, '../../cli/gq.ts') };

/** stderr and exit code of `gq runs <args>` in `cwd`. */
async function refused(entry: string, args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  const r = await run(process.execPath, [entry, 'runs', ...args], { cwd }).then(() => null, (e: { code: number; stderr: string }) => e);
  if (r === null) throw new Error(`gq runs ${args.join(' ')} succeeded`);
  return { code: r.code, stderr: r.stderr.trim() };
}

describe.each(Object.entries(ENTRIES))('gq runs with something that is not a run (%s entry)', (_name, entry) => {
  const dir = tmpFolder('runs-ids');
  const empty = tmpFolder('runs-none');
  beforeAll(() => {
    const s = openState(join(dir, '.gq/state.db'));
    for (let i = 0; i < 12; i++) s.runs.request({ job: 'noop', partitions: [], trigger: 'manual' }, Date.now());
    s.close();
  });

  it('gq runs 3: says 3 is a run id given where the action goes, how to show it, and which ids exist', async () => {
    const r = await refused(entry, ['3'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gq: gq runs 3: 3 looks like a run id/);
    expect(r.stderr).toContain('gq runs show 3');
    expect(r.stderr).toContain('holds runs 1..12');
    expect(r.stderr).not.toContain('gq runs 3 12');
  });

  it('gq runs foo: says foo is not an action, names the actions and the ids', async () => {
    const r = await refused(entry, ['foo'], dir);
    expect(r.stderr).toMatch(/^gq: gq runs foo: unknown action "foo"; use gq runs \(the list\), gq runs show ID or gq runs cancel ID/);
    expect(r.stderr).toContain('holds runs 1..12');
  });

  it('gq runs show foo, gq runs show 99 and gq runs show: say what is wrong with the id', async () => {
    expect((await refused(entry, ['show', 'foo'], dir)).stderr).toMatch(/^gq: gq runs show foo: "foo" is not a run id .*holds runs 1\.\.12/);
    expect((await refused(entry, ['show', '99'], dir)).stderr).toMatch(/^gq: gq runs show 99: there is no run 99; .*holds runs 1\.\.12; the newest is 12/);
    expect((await refused(entry, ['cancel'], dir)).stderr).toMatch(/^gq: gq runs cancel: which run\? give its id, e.g\. gq runs cancel 12/);
  });

  it('says so when the state holds no runs at all', async () => {
    expect((await refused(entry, ['show', '1'], empty)).stderr).toMatch(/there is no run 1; .*holds no runs yet/);
  });
});
