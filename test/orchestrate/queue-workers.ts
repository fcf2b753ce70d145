/** `gq worker` processes for the queue tests: their pid, their name and their log lines. */
import type { ChildProcess } from 'node:child_process';
import { cleanEnv, spawnGq } from '../cli/run-gq.ts';

export type WorkerProc = { name: string; child: ChildProcess; lines: string[]; ready: Promise<void>; stop(): Promise<void> };

/** Starts `gq worker --queue url --name name` in `cwd` with `env` added. */
export function spawnWorker(url: string, name: string, cwd: string, env: Record<string, string> = {}, extra: string[] = []): WorkerProc {
  const child = spawnGq(['worker', '--queue', url, '--name', name, ...extra], cwd, cleanEnv(env));
  const lines: string[] = [];
  let ready!: () => void;
  const readyP = new Promise<void>((r) => { ready = r; });
  let rest = '';
  child.stderr!.on('data', (b: Buffer) => {
    const parts = (rest + b.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      if (l.includes('taking runs from')) ready();
    }
  });
  child.stdout!.resume();
  return {
    name, child, lines, ready: readyP,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
