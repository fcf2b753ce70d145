/** Runs the `gq` CLI as a user would (Node 24 from node_modules, no key), for the end-to-end tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const GQ = fileURLToPath(new URL('../../cli/gq.ts', import.meta.url));

export type GqRun = { code: number | null; stdout: string; stderr: string };

/** The environment of a user with no J-Quants key set. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('JQUANTS_') && !(k in extra)) delete env[k];
  return env;
}

/** `gq <args>` in `cwd`; resolves when it exits. */
export function gq(args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<GqRun> {
  return new Promise((resolve) => {
    const child = spawnGq(args, cwd, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => { stdout += d; });
    child.stderr!.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The child process of `gq <args>`, for tests that interrupt it. */
export function spawnGq(args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): ChildProcess {
  return spawn(process.execPath, [GQ, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}
