/**
 * The options of `gq run`, checked once: flags first, then the environment (and `.env`) of the seed system
 * (MAX_PARALLEL_WORKERS; the fetch variables are read by the J-Quants client). Every bad value is a GqError whose
 * message names the flag, the value and the expected form.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseDay } from '../engine/dates.ts';
import { ALL_FAMILIES as FAMILIES } from '../kernels/registry.ts';
import { readDotEnv } from '../io/jquants/dotenv.ts';
import { GqError } from './errors.ts';
import { checkFolderOption, checkTag } from './path-options.ts';
import { checkUpdateFlags } from './update-flags.ts';

export type OutputFormat = 'parquet' | 'csv';
export type RawKind = 'prices' | 'topix' | 'master' | 'calendar';
export const RAW_KINDS: readonly RawKind[] = ['prices', 'topix', 'master', 'calendar'];

export type SourceSpec =
  | { kind: 'sample'; codes: number; days: number; seed: number }
  | { kind: 'api' }
  | { kind: 'files'; dir: string };

export type RunOptions = {
  source: SourceSpec;
  /** Days since epoch, inclusive; undefined = as far as the source goes. */
  from?: number;
  to?: number;
  /** The last N business days up to `to`. */
  days?: number;
  /** `--history-from`: the history origin to pin (every code is computed from its first bar on or after it). */
  historyFrom?: number;
  codes?: string[];
  workers: number;
  output: string;
  formats: OutputFormat[];
  /** Codes per compute-and-write batch; undefined = chosen from the memory budget. */
  batchSize?: number;
  plan?: string;
  skipQualityChecks: boolean;
  float32: boolean;
  /** Write dataset files with O_DIRECT where the file system allows it (off with --buffered-writes). */
  directIo: boolean;
  /** Raw kinds to refetch (`--update prices topix`), or feature families with `--dataset`. */
  update: string[];
  /** Feature families to compute and write (`--families returns technical`); empty = every family. */
  families: string[];
  dataset?: string;
  /** With --dataset: rewrite that file (`--in-place`) instead of writing to --output/--tag. */
  inPlace?: boolean;
  tag?: string;
  /** A file of cash dividends for the ratio adjustment; undefined = off. */
  dividends?: string;
  cacheDir: string;
  verbose: boolean;
  /** Daily bars from J-Quants bulk files when cheaper (`auto`), never (`off`, `--no-bulk`), or whenever listed (`always`, tests). */
  bulk: 'auto' | 'off' | 'always';
  /** The command line, for the metadata (never holds a key: keys come from the environment only). */
  argv: string[];
};

/** Every flag `parseRunOptions` reads, by its camelCase name (what a daemon config's `pipeline` may set). */
export const RUN_OPTION_KEYS: readonly string[] = [
  'from', 'to', 'days', 'historyFrom', 'codes', 'workers', 'format', 'update', 'families', 'dataset', 'inPlace', 'tag',
  'source', 'sample', 'sampleCodes', 'sampleDays', 'seed', 'output', 'batchSize', 'plan', 'skipQualityChecks',
  'dividends', 'float32', 'bufferedWrites', 'cacheDir', 'verbose', 'bulk',
];

/** Raw flags as cac hands them over (numbers may already be numbers). */
export type RunFlags = Record<string, unknown>;

/** Checks flags and environment and returns the options of one run. */
export function parseRunOptions(flags: RunFlags, env: Readonly<Record<string, string | undefined>>, cwd: string, argv: string[], hasKey: boolean): RunOptions {
  const vars = { ...readDotEnv(cwd), ...env };
  const from = optionalDate(flags.from, '--from');
  const to = optionalDate(flags.to, '--to');
  if (from !== undefined && to !== undefined && from > to) throw new GqError('BAD_RANGE', `--from ${flags.from} is after --to ${flags.to}; swap them`);
  const days = optionalInt(flags.days, '--days', 1, 100_000);
  const historyFrom = optionalDate(flags.historyFrom, '--history-from');
  if (historyFrom !== undefined && from !== undefined && historyFrom > from) throw new GqError('BAD_RANGE', `--history-from ${flags.historyFrom} is after --from ${flags.from}; the history origin must come first`);
  if (days !== undefined && from !== undefined) throw new GqError('BAD_OPTION', '--days and --from both set the start of the range; use one of them');
  const workers = optionalInt(flags.workers, '--workers', 1, 256) ?? optionalInt(vars.MAX_PARALLEL_WORKERS, 'MAX_PARALLEL_WORKERS', 1, 256) ?? availableParallelism();
  // With --dataset and no --format, formats stay empty: the update writes the formats the dataset was written in.
  const formats = list(flags.format ?? (flags.dataset === undefined ? 'parquet,csv' : '')).map((f) => {
    if (f !== 'parquet' && f !== 'csv') throw new GqError('BAD_OPTION', `--format "${f}" is not known; use parquet, csv or parquet,csv`);
    return f as OutputFormat;
  });
  const update = list(flags.update);
  const dataset = flags.dataset === undefined ? undefined : String(flags.dataset);
  checkUpdateFlags(flags);
  if (dataset !== undefined) {
    for (const u of update) if (!FAMILIES.includes(u as never)) throw new GqError('BAD_OPTION', `--update ${u} with --dataset must be a feature family (${FAMILIES.join(', ')})`);
  } else {
    for (const u of update) if (!RAW_KINDS.includes(u as RawKind)) throw new GqError('BAD_OPTION', `--update ${u} is not a data kind (${RAW_KINDS.join(', ')}); to add feature families to a dataset, give --dataset PATH`);
  }
  // `all` is every family, the opt-in ones (a158, sector, cross_section, target_rank) included.
  const families = list(flags.families).flatMap((f) => (f === 'all' ? [...FAMILIES] : [f]));
  for (const f of families) if (!FAMILIES.includes(f as never)) throw new GqError('BAD_OPTION', `--families ${f} is not a feature family (${FAMILIES.join(', ')}, or all)`);
  let source: SourceSpec;
  if (flags.source !== undefined) {
    const dir = resolve(cwd, String(flags.source));
    if (!existsSync(dir)) throw new GqError('SOURCE_MISSING', `--source ${flags.source}: no such directory; it should hold bars_daily.{parquet,csv,ndjson} and topix.{parquet,csv,ndjson}`);
    source = { kind: 'files', dir };
  } else if (flags.sample === true || !hasKey) {
    source = {
      kind: 'sample',
      codes: optionalInt(flags.sampleCodes, '--sample-codes', 1, 8000) ?? 200,
      days: optionalInt(flags.sampleDays, '--sample-days', 1, 10_000) ?? 300,
      seed: optionalInt(flags.seed, '--seed', 0, 2 ** 31 - 1) ?? 42,
    };
  } else source = { kind: 'api' };
  if (flags.tag !== undefined) checkTag(String(flags.tag));
  const cacheFrom = flags.cacheDir !== undefined ? '--cache-dir' : vars.GQ_CACHE_DIR !== undefined && vars.GQ_CACHE_DIR !== '' ? 'GQ_CACHE_DIR' : undefined;
  const cacheDir = resolve(cwd, String(flags.cacheDir ?? (cacheFrom === undefined ? '.gq-cache' : vars.GQ_CACHE_DIR)));
  if (cacheFrom !== undefined && source.kind !== 'files') checkFolderOption(cacheDir, cacheFrom, String(flags.cacheDir ?? vars.GQ_CACHE_DIR));
  return {
    source, from, to, days, historyFrom, codes: flags.codes === undefined ? undefined : parseCodes(flags.codes), workers,
    output: resolve(cwd, String(flags.output ?? 'out')), formats, batchSize: optionalInt(flags.batchSize, '--batch-size', 1, 1_000_000),
    plan: flags.plan === undefined ? undefined : String(flags.plan), skipQualityChecks: flags.skipQualityChecks === true,
    float32: flags.float32 === true, directIo: flags.bufferedWrites !== true, update, families, dataset: dataset === undefined ? undefined : resolve(cwd, dataset), inPlace: flags.inPlace === true,
    tag: flags.tag === undefined ? undefined : String(flags.tag), dividends: flags.dividends === undefined ? undefined : resolve(cwd, String(flags.dividends)), cacheDir,
    verbose: flags.verbose === true, argv, bulk: flags.bulk === false ? 'off' : 'auto',
  };
}

/** Normalises codes: `7203` -> `72030` (J-Quants' 5-character form), `130A` -> `130A0`; rejects anything else. */
export function parseCodes(value: unknown): string[] {
  const out: string[] = [];
  for (const c of list(value)) {
    const up = c.toUpperCase();
    const code = /^[0-9][0-9A-Z][0-9][0-9A-Z]$/.test(up) ? `${up}0` : up;
    if (!/^[0-9][0-9A-Z][0-9][0-9A-Z][0-9]$/.test(code)) throw new GqError('BAD_CODE', `--codes ${c} is not a TSE code; expected 4 or 5 characters such as 7203, 72030 or 130A0`);
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/** A flag that may be repeated or comma-separated, as a list of trimmed strings. */
function list(value: unknown): string[] {
  if (value === undefined || value === null || value === false) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

function optionalDate(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? parseDay(s) : Number.NaN;
  if (Number.isNaN(d)) throw new GqError('BAD_DATE', `${flag} "${s}" is not a date; expected YYYY-MM-DD, e.g. ${flag} 2024-01-04`);
  return d;
}

function optionalInt(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new GqError('BAD_OPTION', `${name} ${String(value)} must be a whole number from ${min} to ${max}`);
  return n;
}
