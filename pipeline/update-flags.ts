/** Which `gq run` flags a dataset update (`--dataset PATH --update FAMILY`) takes, and the refusal of the others. */
import { GqError } from './errors.ts';

/**
 * Flags that select the data of a run. An update keeps the dataset's own selection (recorded in its metadata), so
 * each of them is refused rather than ignored. (`--format`, `--float32`, `--output`, `--tag` and `--in-place` apply.)
 */
const NOT_WITH_DATASET: Record<string, string> = {
  codes: '--codes', from: '--from', to: '--to', days: '--days', historyFrom: '--history-from', families: '--families',
  source: '--source', sample: '--sample', sampleCodes: '--sample-codes', sampleDays: '--sample-days', seed: '--seed',
  dividends: '--dividends', skipQualityChecks: '--skip-quality-checks',
};

/** Refuses, in one line, a flag a dataset update cannot apply, and `--in-place` without `--dataset`. */
export function checkUpdateFlags(flags: Record<string, unknown>): void {
  if (flags.dataset === undefined) {
    if (flags.inPlace === true) throw new GqError('BAD_OPTION', '--in-place rewrites the dataset given with --dataset PATH; without --dataset there is nothing to rewrite');
    return;
  }
  for (const [key, name] of Object.entries(NOT_WITH_DATASET)) {
    if (flags[key] === undefined || flags[key] === false) continue;
    throw new GqError('BAD_OPTION', `${name} does not apply with --dataset: an update keeps the dataset's codes, range, families, source and checks (see run_options in its metadata); run gq run without --dataset to choose them`);
  }
  if (flags.inPlace === true && (flags.output !== undefined || flags.tag !== undefined)) {
    throw new GqError('BAD_OPTION', '--in-place rewrites the --dataset file itself; drop --output/--tag, or drop --in-place to write a new dataset there');
  }
}
