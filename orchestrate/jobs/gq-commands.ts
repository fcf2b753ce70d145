/**
 * Which optional `gq` commands this checkout has (the feature store's and training's arrive with their issues). Read
 * from the command registration files rather than by running `gq --help`, which would cost a Node start (seconds on a
 * loaded machine) inside the daemon's loop.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The gq entry point of this checkout. */
export const GQ_ENTRY = fileURLToPath(new URL('../../cli/gq.ts', import.meta.url));

const REGISTRATIONS: Record<string, string> = { train: 'eval-command.ts', eval: 'eval-command.ts', store: 'store-command.ts' };
const known = new Map<string, boolean>();

/** True when `gq <name>` is registered (a `.command('<name>` in its registration file). */
export function hasGqCommand(name: string): boolean {
  let has = known.get(name);
  if (has === undefined) {
    const file = fileURLToPath(new URL(`../../cli/${REGISTRATIONS[name] ?? 'gq.ts'}`, import.meta.url));
    has = existsSync(file) && new RegExp(`\\.command\\(\\s*['"\`]${name}[\\s'"\`]`).test(readFileSync(file, 'utf8'));
    known.set(name, has);
  }
  return has;
}
