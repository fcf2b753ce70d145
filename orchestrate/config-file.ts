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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new GqError('BAD_OPTION', `--config ${path ?? file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the daemon's JSON config file`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new GqError('BAD_OPTION', `${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new GqError('BAD_OPTION', `${file} holds ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}; a daemon config is one JSON object, e.g. {"output": "out/partitions"} ({} for the defaults)`);
  }
  return { raw: raw as Record<string, unknown>, file, base: dirname(file) };
}

/** The state database a config names (`state`, else GQ_STATE, else .gq/state.db), absolute. */
export function statePathOf(raw: Record<string, unknown>, base: string, env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env.GQ_STATE === undefined || env.GQ_STATE.trim() === '' ? undefined : env.GQ_STATE; // GQ_STATE= (empty) is unset
  return resolve(base, String(raw.state ?? fromEnv ?? '.gq/state.db'));
}
