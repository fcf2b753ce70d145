/**
 * The daemon's config file (default `gq.schedules.json`, optional): state path, outputs, concurrency, retries, the API
 * budget, the schedules (the seed's three by default, changed or added by name) and the sensors. Every bad value is a
 * GqError naming the key, the value and what is expected.
 */
import { resolve } from 'node:path';
import { isPlan, PLAN_RATE, type Plan } from '../io/jquants/plans.ts';
import { GqError } from '../pipeline/errors.ts';
import { readConfigFile, statePathOf } from './config-file.ts';
import { checkConfigKeys } from './config-keys.ts';
import { checkPipelineFlags, resolvePipelinePaths } from './config-pipeline.ts';
import { JOBS } from './jobs/job-spec.ts';
import { checkPattern, DEFAULT_SCHEDULES, type ScheduleDef } from './schedule.ts';


export type DaemonConfig = {
  /** The config file read, or null (defaults only). */
  file: string | null;
  statePath: string;
  /** Root of partition outputs: `<output>/dataset/date=YYYY-MM-DD/dataset.parquet`. */
  output: string;
  /** Runs at once. */
  concurrency: number;
  retries: { count: number; backoffSeconds: number; maxBackoffSeconds: number };
  /** One request budget for every run, sensor and backfill: `limit` requests per `windowSeconds`. */
  api: { plan: Plan; limit: number; windowSeconds: number; lockoutSeconds: number };
  /** Extra `gq run` flags for dataset runs (e.g. codes, workers, format, sampleCodes). */
  pipeline: Record<string, unknown>;
  schedules: ScheduleDef[];
  sensors: {
    dataArrival: { enabled: boolean; intervalMinutes: number; lookbackDays: number };
    qualityAlert: { enabled: boolean; threshold: number; webhook: string | null };
  };
  /** Training command (argv); GQ_TRAIN_COMMAND (a shell line) overrides. */
  trainCommand: string[] | null;
  /** The dataset training reads (absolute); null: the whole dataset built from the partitions. GQ_TRAIN_DATASET overrides. */
  trainDataset: string | null;
};

type Raw = Record<string, unknown>;

/** Reads the config (`path`, else ./gq.schedules.json when present, else defaults). */
export function loadDaemonConfig(path: string | undefined, cwd: string, env: Readonly<Record<string, string | undefined>> = process.env): DaemonConfig {
  const { raw, file, base } = readConfigFile(path, cwd);
  return buildDaemonConfig(raw, file, base, env);
}

/** The config from parsed JSON; relative paths are relative to `base`. */
export function buildDaemonConfig(raw: Raw, file: string | null, base: string, env: Readonly<Record<string, string | undefined>> = {}): DaemonConfig {
  const where = file ?? 'config';
  checkConfigKeys(raw, where);
  const num = (v: unknown, key: string, min: number, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new GqError('BAD_OPTION', `${where}: ${key} is ${JSON.stringify(v)}; expected a number >= ${min}`);
    return v;
  };
  const int = (v: unknown, key: string, min: number, dflt: number): number => {
    const n = num(v, key, min, dflt);
    if (!Number.isInteger(n)) throw new GqError('BAD_OPTION', `${where}: ${key} is ${JSON.stringify(v)}; expected a whole number >= ${min}`);
    return n;
  };
  const bool = (v: unknown, key: string): boolean => {
    if (v === undefined) return true;
    if (typeof v !== 'boolean') throw new GqError('BAD_OPTION', `${where}: ${key} is ${JSON.stringify(v)}; expected true or false (without quotes)`);
    return v;
  };
  const path = (v: unknown, key: string): string | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v === '') throw new GqError('BAD_OPTION', `${where}: ${key} is ${JSON.stringify(v)}; expected a path (relative to the config file)`);
    return v;
  };
  const obj = (v: unknown, key: string): Raw => {
    if (v === undefined) return {};
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new GqError('BAD_OPTION', `${where}: ${key} must be an object`);
    return v as Raw;
  };
  const api = obj(raw.api, 'api');
  const planName = String(api.plan ?? env.JQUANTS_PLAN ?? 'free').toLowerCase();
  path(raw.state, 'state');
  if (!isPlan(planName)) throw new GqError('BAD_OPTION', `${where}: api.plan "${planName}" is not a plan; use free, light, standard or premium`);
  const retries = obj(raw.retries, 'retries');
  const sensors = obj(raw.sensors, 'sensors');
  const da = obj(sensors.data_arrival, 'sensors.data_arrival');
  const qa = obj(sensors.quality_alert, 'sensors.quality_alert');
  const train = raw.trainCommand;
  if (train !== undefined && train !== null && !(Array.isArray(train) && train.every((s) => typeof s === 'string') && train.length > 0)) {
    throw new GqError('BAD_OPTION', `${where}: trainCommand must be a list of strings, e.g. ["python3", "train.py"]`);
  }
  const webhook = path(qa.webhook, 'sensors.quality_alert.webhook');
  if (webhook !== null && !/^https?:\/\/[^\s]+$/.test(webhook)) throw new GqError('BAD_OPTION', `${where}: sensors.quality_alert.webhook is ${JSON.stringify(webhook)}; expected an http:// or https:// URL`);
  const pipeline = obj(raw.pipeline, 'pipeline');
  checkPipelineFlags(pipeline, where, base, env);
  return {
    file,
    statePath: statePathOf(raw, base, env),
    output: resolve(base, path(raw.output, 'output') ?? 'out/partitions'),
    concurrency: int(raw.concurrency, 'concurrency', 1, 1),
    retries: {
      count: int(retries.count, 'retries.count', 0, 2),
      backoffSeconds: num(retries.backoffSeconds, 'retries.backoffSeconds', 0, 60),
      maxBackoffSeconds: num(retries.maxBackoffSeconds, 'retries.maxBackoffSeconds', 0, 3600),
    },
    api: {
      plan: planName,
      limit: num(api.requestsPerWindow, 'api.requestsPerWindow', 1, PLAN_RATE[planName]),
      windowSeconds: num(api.windowSeconds, 'api.windowSeconds', 0.001, 60),
      lockoutSeconds: num(api.lockoutSeconds, 'api.lockoutSeconds', 0, 310),
    },
    pipeline: resolvePipelinePaths(pipeline, base),
    schedules: mergeSchedules(raw.schedules, where),
    sensors: {
      dataArrival: { enabled: bool(da.enabled, 'sensors.data_arrival.enabled'), intervalMinutes: num(da.intervalMinutes, 'sensors.data_arrival.intervalMinutes', 0.01, 10), lookbackDays: num(da.lookbackDays, 'sensors.data_arrival.lookbackDays', 1, 1) },
      qualityAlert: {
        enabled: bool(qa.enabled, 'sensors.quality_alert.enabled'), threshold: num(qa.threshold, 'sensors.quality_alert.threshold', 0, 0.05),
        webhook,
      },
    },
    trainCommand: (train as string[] | undefined) ?? null,
    trainDataset: ((p) => p === null ? null : resolve(base, p))(path(raw.trainDataset, 'trainDataset')),
  };
}

/** The default schedules, changed by name (`{"name": "feature_sync", "enabled": false}`) or added. */
function mergeSchedules(v: unknown, where: string): ScheduleDef[] {
  const out = DEFAULT_SCHEDULES.map((s) => ({ ...s }));
  if (v === undefined) return out;
  if (!Array.isArray(v)) throw new GqError('BAD_OPTION', `${where}: schedules must be a list`);
  for (const item of v as Raw[]) {
    const name = item?.name;
    if (typeof name !== 'string' || name === '') throw new GqError('BAD_OPTION', `${where}: every schedule needs a "name"`);
    if (item.enabled !== undefined && typeof item.enabled !== 'boolean') throw new GqError('BAD_OPTION', `${where}: schedule ${name}: enabled is ${JSON.stringify(item.enabled)}; expected true or false (without quotes)`);
    if (item.job !== undefined && !(JOBS as readonly unknown[]).includes(item.job)) throw new GqError('BAD_OPTION', `${where}: schedule ${name}: job ${JSON.stringify(item.job)} is not a job (${JOBS.join(', ')})`);
    const i = out.findIndex((s) => s.name === name);
    const base: ScheduleDef = i >= 0 ? out[i]! : { name, cron: '', days: 'tse', job: 'command', overlap: 'skip', enabled: true };
    const s: ScheduleDef = {
      ...base,
      ...(item.cron !== undefined ? { cron: String(item.cron) } : {}),
      ...(item.days !== undefined ? { days: item.days as ScheduleDef['days'] } : {}),
      ...(item.job !== undefined ? { job: String(item.job) } : {}),
      ...(item.overlap !== undefined ? { overlap: item.overlap as ScheduleDef['overlap'] } : {}),
      ...(item.enabled !== undefined ? { enabled: item.enabled !== false } : {}),
      ...(item.command !== undefined ? { params: { ...base.params, command: item.command } } : {}),
    };
    if (s.cron === '') throw new GqError('BAD_OPTION', `${where}: schedule ${name} needs a "cron" pattern (Asia/Tokyo), e.g. "0 19 * * *"`);
    try { checkPattern(s.cron); } catch (e) { throw new GqError('BAD_OPTION', `${where}: schedule ${name}: cron "${s.cron}" is not valid (${(e as Error).message})`); }
    if (s.days !== 'tse' && s.days !== 'all') throw new GqError('BAD_OPTION', `${where}: schedule ${name}: days must be "tse" or "all"`);
    if (s.overlap !== 'skip' && s.overlap !== 'wait') throw new GqError('BAD_OPTION', `${where}: schedule ${name}: overlap must be "skip" or "wait"`);
    if (s.job === 'command' && !(Array.isArray(s.params?.command) && (s.params.command as unknown[]).length > 0)) {
      throw new GqError('BAD_OPTION', `${where}: schedule ${name} runs a command: give "command": ["prog", "arg", ...]`);
    }
    if (i >= 0) out[i] = s; else out.push(s);
  }
  return out;
}
