/** Runs a command as a job step: its output lines go to the run log; a signal stops it. */
import { spawn } from 'node:child_process';

export type CommandResult = { code: number | null; signal: string | null; stderrTail: string };

/** Runs `argv` (or a shell line) with `env` added, logging each output line; resolves when it exits. */
export function runCommand(argv: string[] | { shell: string }, env: Record<string, string>, cwd: string, log: (line: string) => void, signal?: AbortSignal): Promise<CommandResult> {
  const [cmd, args, shell] = Array.isArray(argv) ? [argv[0]!, argv.slice(1), false] : [argv.shell, [], true];
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, shell, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const lines = (prefix: string) => {
      let rest = '';
      return (b: Buffer) => {
        const text = rest + b.toString('utf8');
        const parts = text.split('\n');
        rest = parts.pop() ?? '';
        for (const l of parts) if (l.trim() !== '') log(`${prefix}${l}`);
        if (prefix !== '') tail = (tail + text).slice(-400);
      };
    };
    p.stdout.on('data', lines(''));
    p.stderr.on('data', lines('stderr: '));
    const stop = () => p.kill('SIGTERM');
    signal?.addEventListener('abort', stop, { once: true });
    p.on('error', (e) => {
      log(`cannot start ${cmd}: ${e.message}`);
      resolve({ code: 127, signal: null, stderrTail: e.message });
    });
    p.on('close', (code, sig) => {
      signal?.removeEventListener('abort', stop);
      resolve({ code, signal: sig, stderrTail: tail.trim().split('\n').pop() ?? '' });
    });
  });
}
