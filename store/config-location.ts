/**
 * Which store config a command uses: `--store FILE`, else `GQ_STORE_CONFIG`, else `./gq.store.json`. Only the last
 * may be absent (then every command uses the defaults); a file named by the flag or the variable that is not there
 * is a mistake (a typo would otherwise read and write a store nobody asked for), so it is an error naming both.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { GqError } from '../io/gq-error.ts';

export const CONFIG_NAME = 'gq.store.json';

/** Where a config path came from. */
export type ConfigSource = 'flag' | 'env' | 'default';

export type ConfigLocation = { path: string; given: string; source: ConfigSource };

/** The config file path and what named it: --store, GQ_STORE_CONFIG (an empty value is unset), or ./gq.store.json. */
export function locateConfig(flag: string | undefined, cwd = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): ConfigLocation {
  if (flag !== undefined && flag !== '') return { path: resolve(cwd, flag), given: flag, source: 'flag' };
  const e = env.GQ_STORE_CONFIG;
  if (e !== undefined && e !== '') return { path: resolve(cwd, e), given: e, source: 'env' };
  return { path: resolve(cwd, CONFIG_NAME), given: CONFIG_NAME, source: 'default' };
}

/** Throws when the flag or the variable names a config file that does not exist. */
export function checkNamedConfig(at: ConfigLocation): void {
  if (at.source === 'default' || existsSync(at.path)) return;
  const shown = isAbsolute(at.given) ? at.given : `${at.given} (${at.path})`;
  const fix = at.source === 'flag'
    ? `give an existing file, or make it with gq store init --store ${at.given}`
    : `set GQ_STORE_CONFIG to an existing file or unset it (then ./${CONFIG_NAME} is used), or make it with gq store init`;
  throw new GqError('BAD_OPTION', `store config ${shown}, named by ${at.source === 'flag' ? '--store' : 'GQ_STORE_CONFIG'}, does not exist: ${fix}`);
}
