/**
 * Finding and reading the daemon's config file, and the state path it names: all that `gq runs` and `gq assets` need,
 * without the schedules, the plans and croner that the full config (config.ts) checks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GqError } from '../pipeline/errors.ts';

export const DEFAULT_CONFIG = 'gq.schedules.json';

export type ConfigFile = { raw: Record<string, unknown>; file: string | null; base: string };

/** The parsed config (`path`, else ./gq.schedules.json when present, else empty) and the folder its paths are relative to. */
export function readConfigFile(path: string | undefined, cwd: string): ConfigFile {
  const file = path === undefined ? (existsSync(resolve(cwd, DEFAULT_CONFIG)) ? resolve(cwd, DEFAULT_CONFIG) : null) : resolve(cwd, path);
  if (file === null) return { raw: {}, file: null, base: cwd };
  if (!existsSync(file)) throw new GqError('BAD_OPTION', `--config ${path}: no such file`);
  try {
    return { raw: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, file, base: dirname(file) };
  } catch (e) {
    throw new GqError('BAD_OPTION', `${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The state database a config names (`state`, else GQ_STATE, else .gq/state.db), absolute. */
export function statePathOf(raw: Record<string, unknown>, base: string, env: Readonly<Record<string, string | undefined>>): string {
  return resolve(base, String(raw.state ?? env.GQ_STATE ?? '.gq/state.db'));
}
