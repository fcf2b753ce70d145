/**
 * The store config, `gq.store.json`: where the offline store is (a folder or s3://bucket/prefix), where the online
 * store is (sqlite:PATH or redis://HOST:PORT/DB), and per-view overrides of availability and TTL. Relative paths
 * are relative to the config file's folder. Without a config file every command uses the defaults (both stores
 * embedded under ./feature-store, nothing to start; default-locations.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { GqError } from '../io/gq-error.ts';
import { checkNamedConfig, CONFIG_NAME, locateConfig } from './config-location.ts';
import { defaultLocations } from './default-locations.ts';
import { formatClock, parseClock } from './time.ts';
import type { ViewSettings } from './views.ts';

export { CONFIG_NAME };
export { DEFAULT_OFFLINE, DEFAULT_ONLINE } from './default-locations.ts';

export type OfflineLocation = { kind: 'local'; dir: string } | { kind: 's3'; bucket: string; prefix: string };
export type OnlineLocation = { kind: 'sqlite'; path: string } | { kind: 'redis'; host: string; port: number; db: number; url: string };

export type StoreConfig = {
  /** The config file (may not exist: defaults). */
  path: string;
  offline: OfflineLocation;
  online: OnlineLocation;
  views: Record<string, ViewSettings>;
  /** As written in the file. */
  raw: { offline: string; online: string };
};

type RawView = { availableAfter?: string; ttlDays?: number };
type RawConfig = { version?: number; offline?: string; online?: string; views?: Record<string, RawView> };

/** The config file path: --store, GQ_STORE_CONFIG, or ./gq.store.json. */
export function configPath(flag: string | undefined, cwd = process.cwd()): string {
  return locateConfig(flag, cwd).path;
}

/** The config a command reads: that of --store, GQ_STORE_CONFIG or ./gq.store.json; a named file must exist. */
export function readStoreConfig(flag: string | undefined, cwd = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): StoreConfig {
  const at = locateConfig(flag, cwd, env);
  checkNamedConfig(at);
  return loadConfig(at.path);
}

/** Reads the store config at `path` (defaults when the file does not exist). */
export function loadConfig(path: string): StoreConfig {
  let raw: RawConfig = {};
  if (existsSync(path)) {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8')) as RawConfig;
    } catch (e) {
      throw new GqError('BAD_OPTION', `store config ${path} is not valid JSON (${(e as Error).message}); fix it or run gq store init again`);
    }
  }
  return buildConfig(path, raw);
}

/** A config from its file form; checks every field and names the wrong one. */
export function buildConfig(path: string, raw: RawConfig): StoreConfig {
  const base = dirname(path);
  const defaults = defaultLocations(base);
  const offline = raw.offline ?? defaults.offline;
  const online = raw.online ?? defaults.online;
  const views: Record<string, ViewSettings> = {};
  for (const [name, v] of Object.entries(raw.views ?? {})) {
    const s: ViewSettings = {};
    if (v.availableAfter !== undefined) {
      s.availableAfter = parseClock(v.availableAfter);
      if (Number.isNaN(s.availableAfter)) throw new GqError('BAD_OPTION', `store config ${path}: views.${name}.availableAfter "${v.availableAfter}" is not HH:MM (JST; 24:30 means 00:30 the next day)`);
    }
    if (v.ttlDays !== undefined) {
      if (!(typeof v.ttlDays === 'number' && v.ttlDays > 0)) throw new GqError('BAD_OPTION', `store config ${path}: views.${name}.ttlDays must be a positive number of days`);
      s.ttlDays = v.ttlDays;
    }
    views[name] = s;
  }
  return { path, offline: parseOffline(offline, base), online: parseOnline(online, base), views, raw: { offline, online } };
}

/** An offline location: `s3://bucket/prefix` or a folder. */
export function parseOffline(s: string, base: string): OfflineLocation {
  if (s.startsWith('s3://')) {
    const rest = s.slice(5);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new GqError('BAD_OPTION', `offline store ${s}: "${bucket}" is not an S3 bucket name`);
    return { kind: 's3', bucket, prefix };
  }
  if (/^[a-z0-9]+:\/\//i.test(s)) throw new GqError('BAD_OPTION', `offline store ${s}: give a folder or s3://bucket/prefix`);
  return { kind: 'local', dir: isAbsolute(s) ? s : resolve(base, s) };
}

/** An online location: `sqlite:PATH` or `redis://HOST:PORT/DB`. */
export function parseOnline(s: string, base: string): OnlineLocation {
  if (s.startsWith('sqlite:')) {
    const p = s.slice(7);
    if (p === '') throw new GqError('BAD_OPTION', `online store ${s}: give a file, e.g. sqlite:./feature-store/online.db`);
    return { kind: 'sqlite', path: isAbsolute(p) ? p : resolve(base, p) };
  }
  const m = /^redis:\/\/([^:/]+)(?::(\d+))?(?:\/(\d+))?\/?$/.exec(s);
  if (m !== null) return { kind: 'redis', host: m[1]!, port: Number(m[2] ?? 6379), db: Number(m[3] ?? 0), url: s };
  throw new GqError('BAD_OPTION', `online store ${s}: give sqlite:PATH or redis://HOST:PORT/DB`);
}

/** Writes a config file (atomically) and returns it as loaded. */
export async function writeConfig(path: string, offline: string, online: string, views: Record<string, ViewSettings> = {}): Promise<StoreConfig> {
  const raw: RawConfig = { version: 1, offline, online, views: {} };
  for (const [name, v] of Object.entries(views)) {
    raw.views![name] = { ...(v.availableAfter === undefined ? {} : { availableAfter: formatClock(v.availableAfter) }), ...(v.ttlDays === undefined ? {} : { ttlDays: v.ttlDays }) };
  }
  const config = buildConfig(path, raw);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(raw, null, 2)}\n`);
  return config;
}
