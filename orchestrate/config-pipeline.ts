/**
 * The daemon config's `pipeline` (gq run's options for every dataset and training run), checked when the daemon or a
 * backfill starts instead of in each run: a bad value (`"historyFrom": "2024-13-01"`) used to fail every run later, and
 * an option the daemon sets itself per partition (`from`, `to`, `output`) was ignored or failed each run.
 */
import { isAbsolute, resolve } from 'node:path';
import { GqError } from '../pipeline/errors.ts';
import { parseRunOptions } from '../pipeline/run-options.ts';

/** Options the daemon sets for each run, with what to use instead. */
const SET_BY_THE_DAEMON: Readonly<Record<string, string>> = {
  from: 'the daemon runs each partition with --from and --to of its day; give a range to gq backfill --from --to',
  to: 'the daemon runs each partition with --from and --to of its day; give a range to gq backfill --from --to',
  days: 'the daemon runs each partition with --from and --to of its day; give a range to gq backfill --from --to',
  output: 'runs write to <output>/dataset/date=<day>/; set the top-level "output" instead',
  dataset: 'the daemon builds partitions, it does not update a dataset in place; run gq run --dataset yourself',
  inPlace: 'the daemon builds partitions, it does not update a dataset in place; run gq run --dataset yourself',
};

/** The pipeline options that name a file or folder: relative to the config file, as every path in it. */
const PATH_OPTIONS = ['source', 'cacheDir', 'dividends'] as const;

/** Refuses a `pipeline` the runs would refuse, naming the file, the key and the fix. */
export function checkPipelineFlags(pipeline: Record<string, unknown>, where: string, base: string, env: Readonly<Record<string, string | undefined>>): void {
  for (const key of Object.keys(pipeline)) {
    const why = SET_BY_THE_DAEMON[key];
    if (why !== undefined) throw new GqError('BAD_OPTION', `${where}: pipeline.${key} cannot be set: ${why}`);
  }
  try {
    parseRunOptions({ workers: 1, ...pipeline }, env, base, [], (env.JQUANTS_API_KEY ?? '').trim() !== '');
  } catch (e) {
    if (!(e instanceof GqError)) throw e;
    throw new GqError(e.code, `${where}: ${keyOf(e.message, pipeline)}: ${e.message}`);
  }
}

/** `pipeline.historyFrom` for a message about `--history-from` when the config sets it, else `pipeline`. */
function keyOf(message: string, pipeline: Record<string, unknown>): string {
  const flag = /--([a-z0-9-]+)/.exec(message)?.[1];
  const key = flag?.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return key !== undefined && key in pipeline ? `pipeline.${key}` : 'pipeline';
}

/** `pipeline` with its paths made absolute against the config file's folder (runs start in the daemon's folder). */
export function resolvePipelinePaths(pipeline: Record<string, unknown>, base: string): Record<string, unknown> {
  const out = { ...pipeline };
  for (const k of PATH_OPTIONS) if (typeof out[k] === 'string' && !isAbsolute(out[k])) out[k] = resolve(base, out[k]);
  return out;
}
