/**
 * Client configuration from the environment and a `.env` file (the environment wins):
 * JQUANTS_API_KEY, JQUANTS_API_BASE_URL, JQUANTS_PLAN, MAX_CONCURRENT_FETCH, API_RETRY_COUNT,
 * API_RETRY_DELAY (milliseconds, or with an `ms`/`s` suffix), GQ_CACHE_DIR.
 */
import { resolve } from 'node:path';
import { LEGACY_VARIABLES, readDotEnv } from './dotenv.ts';
import { JQuantsError, legacyCredentialsMessage, missingKeyMessage } from './errors.ts';
import { isPlan, type Plan } from './plans.ts';

/** The live V2 API (spec §5.1). */
export const DEFAULT_BASE_URL = 'https://api.jquants.com/v2';

export type JQuantsConfig = {
  apiKey: string;
  baseUrl: string;
  plan: Plan;
  concurrency: number;
  retries: number;
  retryDelayMs: number;
  /** Raw cache folder, when GQ_CACHE_DIR is set (relative to cwd). */
  cacheDir?: string;
};

/** The plan assumed when neither --plan nor JQUANTS_PLAN names one. */
export const DEFAULT_PLAN: Plan = 'free';

/**
 * Reads the configuration from `env` and `<cwd>/.env`. Throws a JQuantsError: `legacy-credentials` when only
 * V1 credentials are set, `config` when the key is missing or a value is malformed.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): JQuantsConfig {
  const vars = { ...readDotEnv(cwd), ...definedOnly(env) };
  const apiKey = (vars.JQUANTS_API_KEY ?? '').trim();
  if (apiKey === '') {
    const legacy = LEGACY_VARIABLES.filter((n) => (vars[n] ?? '') !== '');
    if (legacy.length > 0) throw new JQuantsError('legacy-credentials', legacyCredentialsMessage(legacy));
    throw new JQuantsError('config', missingKeyMessage());
  }
  const plan = (vars.JQUANTS_PLAN ?? DEFAULT_PLAN).trim().toLowerCase();
  if (!isPlan(plan)) {
    throw new JQuantsError('config', `JQUANTS_PLAN is "${vars.JQUANTS_PLAN}"; expected free, light, standard or premium.`);
  }
  const config: JQuantsConfig = {
    apiKey,
    baseUrl: normaliseBaseUrl(vars.JQUANTS_API_BASE_URL ?? DEFAULT_BASE_URL),
    plan,
    concurrency: intVar(vars, 'MAX_CONCURRENT_FETCH', 4, 1),
    retries: intVar(vars, 'API_RETRY_COUNT', 5, 0),
    retryDelayMs: delayVar(vars, 'API_RETRY_DELAY', 1000),
  };
  const cacheDir = vars.GQ_CACHE_DIR;
  if (cacheDir !== undefined && cacheDir !== '') config.cacheDir = resolve(cwd, cacheDir);
  return config;
}

/** The base URL without a trailing slash; rejects non-http(s) URLs and V1 bases with a plain message. */
export function normaliseBaseUrl(raw: string): string {
  const s = raw.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new JQuantsError('config', `JQUANTS_API_BASE_URL "${s}" is not a URL; expected e.g. ${DEFAULT_BASE_URL}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new JQuantsError('config', `JQUANTS_API_BASE_URL "${s}" must be http or https.`);
  }
  if (/\/v1$/.test(url.pathname)) {
    throw new JQuantsError('config', `JQUANTS_API_BASE_URL "${s}" points at API V1, which was discontinued on 2026-06-01. `
      + `Use ${DEFAULT_BASE_URL} (or a stand-in's /v2 URL) with an API key.`);
  }
  return s;
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

function intVar(vars: Record<string, string>, name: string, dflt: number, min: number): number {
  const raw = vars[name];
  if (raw === undefined || raw.trim() === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new JQuantsError('config', `${name} is "${raw}"; expected an integer >= ${min}.`);
  return n;
}

function delayVar(vars: Record<string, string>, name: string, dflt: number): number {
  const raw = vars[name];
  if (raw === undefined || raw.trim() === '') return dflt;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(raw);
  if (m === null) throw new JQuantsError('config', `${name} is "${raw}"; expected milliseconds such as 1000, or 500ms, or 2s.`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}
