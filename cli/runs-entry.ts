/**
 * `gq runs` and `gq assets` without cac: bin/gq.js hands them here so they load only node:sqlite, the state and the
 * table formatter. Anything this parser does not know (help, an unknown option, a missing value) goes to the full CLI,
 * which says what is wrong exactly as before.
 */
import { reportError } from './report-error.ts';

type Lean = { command: 'runs' | 'assets'; positionals: string[]; flags: Record<string, unknown> };

const VALUE_OPTIONS: Record<Lean['command'], readonly string[]> = {
  runs: ['status', 'job', 'limit', 'config', 'state'],
  assets: ['config', 'state'],
};
const MAX_POSITIONALS: Record<Lean['command'], number> = { runs: 2, assets: 0 };

/** The command, its positionals and flags from argv after `node gq`, or null when the full CLI must handle it. */
export function parseLeanArgs(args: readonly string[]): Lean | null {
  const command = args[0];
  if (command !== 'runs' && command !== 'assets') return null;
  const positionals: string[] = [];
  const flags: Record<string, unknown> = {};
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) { positionals.push(a); continue; }
    if (!a.startsWith('--')) return null;
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (name === 'json' && eq < 0) { flags.json = true; continue; }
    if (!VALUE_OPTIONS[command].includes(name)) return null;
    const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return null;
    flags[name] = value;
  }
  return positionals.length > MAX_POSITIONALS[command] ? null : { command, positionals, flags };
}

/** Runs `gq runs`/`gq assets` from argv after `node gq`; false when the full CLI must handle it. */
export async function runLean(args: readonly string[]): Promise<boolean> {
  const lean = parseLeanArgs(args);
  if (lean === null) return false;
  try {
    if (lean.command === 'runs') (await import('../orchestrate/cli/runs-command.ts')).runsCommand(lean.positionals[0], lean.positionals[1], lean.flags);
    else (await import('../orchestrate/cli/assets-command.ts')).assetsCommand(lean.flags);
  } catch (e) {
    process.exitCode = reportError(e, false);
  }
  return true;
}
