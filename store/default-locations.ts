/**
 * Where the stores go when the config does not say: `./feature-store/offline` and `sqlite:./feature-store/online.db`,
 * beside the config file. Older gq used `./store`, which in a checkout of gq is the source folder store/; a folder
 * that holds such an older store (`store/offline/_manifest.json` or `store/online.db`) and no `feature-store` keeps
 * using it, so that nothing materialized before is lost from sight.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_OFFLINE = './feature-store/offline';
export const DEFAULT_ONLINE = 'sqlite:./feature-store/online.db';
/** The defaults of gq before feature-store/. */
export const OLD_DEFAULT_OFFLINE = './store/offline';
export const OLD_DEFAULT_ONLINE = 'sqlite:./store/online.db';

/** The default offline and online locations for a config file in `base` (the older ./store when only it holds a store). */
export function defaultLocations(base: string): { offline: string; online: string } {
  const old = (existsSync(join(base, 'store', 'offline', '_manifest.json')) || existsSync(join(base, 'store', 'online.db')))
    && !existsSync(join(base, 'feature-store'));
  return old ? { offline: OLD_DEFAULT_OFFLINE, online: OLD_DEFAULT_ONLINE } : { offline: DEFAULT_OFFLINE, online: DEFAULT_ONLINE };
}
