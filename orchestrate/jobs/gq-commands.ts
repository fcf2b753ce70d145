/** Which optional `gq` commands this checkout has (the feature store's and training's arrive with their issues). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The gq entry point of this checkout. */
export const GQ_ENTRY = fileURLToPath(new URL('../../cli/gq.ts', import.meta.url));

let known: Set<string> | undefined;

/** True when `gq <name>` is a registered command (read once from `gq --help`). */
export function hasGqCommand(name: string): boolean {
  if (known === undefined) {
    known = new Set();
    try {
      const help = execFileSync(process.execPath, [GQ_ENTRY, '--help'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] });
      for (const m of help.matchAll(/^\s{2}(\S+)/gm)) known.add(m[1]!);
    } catch { /* no help: no optional commands */ }
  }
  return known.has(name);
}
