/**
 * The README's two commands run npm on the system Node (20 on this machine), while gq and its tests run on the pinned
 * node@24 from node_modules/.bin. npm's engine check sees only its own Node, so without the project's .npmrc it
 * warns EBADENGINE for gq and every dependency that needs Node 22 or 24.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = '/usr/bin/npm';

/** The environment of a user's shell: no node_modules/.bin on PATH (npm test puts it there), no npm_* variables. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_') && !k.startsWith('JQUANTS_')) env[k] = v;
  env.PATH = (process.env.PATH ?? '').split(delimiter).filter((p) => !p.includes('node_modules')).join(delimiter);
  return env;
}

function run(cmd: string, args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: { ...userEnv(), ...extra }, timeout: 240_000 }, (err, _stdout, stderr) => resolve({ code: err === null ? 0 : Number(err.code ?? 1), stderr }));
  });
}

describe.skipIf(!existsSync(NPM))('the README commands with the system npm', () => {
  it('npm ci (dry run over the lock file) prints no npm warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-npm-'));
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) if (existsSync(join(ROOT, f))) copyFileSync(join(ROOT, f), join(dir, f));
    const r = await run(NPM, ['ci', '--dry-run', '--offline'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/npm warn/i);
  }, 300_000);

  it('the first npx gq prints no npm warning', async () => {
    // The root package's bin is not linked into node_modules/.bin: the first `npx gq` installs the project into npm's
    // npx cache, which runs the engine check. A fresh cache makes every test run a first run.
    const cache = mkdtempSync(join(tmpdir(), 'gq-npm-cache-'));
    const r = await run('/usr/bin/npx', ['gq', '--version'], ROOT, { npm_config_cache: cache });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/npm warn/i);
  }, 300_000);
});
