/** Runs one bench child in its own Node process, so that its peak RSS is its own, and parses its last line. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ChildRun<T> = { ok: true; result: T; wall_s: number } | { ok: false; reason: string; wall_s: number };

/** Spawns `node <script> ...args` (script relative to this folder); resolves with the JSON of its last stdout line. */
export function runChild<T>(script: string, args: readonly string[], opts: { timeoutS: number; env?: Record<string, string> }): Promise<ChildRun<T>> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { out += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { err += s; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wall_s = Math.round(performance.now() - t0) / 1000;
      if (code !== 0) {
        const why = signal === 'SIGKILL' && wall_s >= opts.timeoutS ? `timed out after ${opts.timeoutS} s` : signal !== null ? `killed by ${signal}` : `exit code ${code}`;
        resolve({ ok: false, reason: `${script} ${why}: ${err.trim().split('\n').slice(-3).join(' | ')}`, wall_s });
        return;
      }
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ ok: true, result: JSON.parse(last) as T, wall_s });
      } catch {
        resolve({ ok: false, reason: `${script} printed no JSON result (last line: ${last.slice(0, 200)})`, wall_s });
      }
    });
  });
}
