/** Registers gq eval and gq train (issue 17). Implementations are imported lazily in each action, so `gq run` never loads them. */
import type { CAC } from 'cac';
import { joinListFlags, joinNegativeValues, rawValue } from './argv.ts';

type Flags = Record<string, unknown>;

const str = (v: unknown): string | undefined => (v === undefined || v === true || v === false ? undefined : String(v));

/** argv as cac parsed it (list flags joined, negative values attached), for reading values as typed. */
const typedArgv = (): string[] => joinNegativeValues(joinListFlags(process.argv));

/** An integer flag from `min` to `max`, or an error naming it. */
function intFlag(flags: Flags, name: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = str(flags[name]);
  if (v === undefined) return undefined;
  const n = Number(v);
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be an integer ${range}, got ${v}`);
  return n;
}

/** A number flag >= 0, or an error naming it. */
function numFlag(flags: Flags, name: string): number | undefined {
  const v = str(flags[name]);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0, got ${v}`);
  return n;
}

/** A path option as typed (cac reads `--out 001` as the number 1). */
function pathFlag(flags: Flags, name: string): string | undefined {
  if (str(flags[name]) === undefined) return undefined;
  return rawValue(typedArgv(), `--${name}`) ?? str(flags[name]);
}

/** The common options of both commands, checked; words that belong to no option are an error. */
async function commonOptions(command: string, rest: unknown[], flags: Flags) {
  const { listFlagValues, strayArguments, strayArgumentsError, workersFromEnv } = await import('../eval/cli-args.ts');
  const argv = typedArgv();
  const dataset = pathFlag(flags, 'dataset');
  const stray = strayArguments(rest, argv, ['--features']);
  if (stray.length > 0) throw strayArgumentsError(command, stray, dataset !== undefined);
  if (dataset === undefined) throw new Error('--dataset PATH is required (a dataset .parquet written by gq run)');
  return {
    dataset, target: str(flags.target), horizon: intFlag(flags, 'horizon'),
    features: listFlagValues(argv, '--features'), families: listFlagValues(argv, '--families'), out: pathFlag(flags, 'out'),
    workers: intFlag(flags, 'workers', 1, 256) ?? workersFromEnv(), html: flags.html !== false,
  };
}

/** Adds the commands to the CLI. */
export function registerEvalCommands(cli: CAC): void {
  cli.command('eval [...rest]', 'Score every feature of a dataset: rank IC and IC per date, by year, decay, quantiles, turnover, coverage, feature correlations (eval.json, eval.csv, eval.html)')
    .option('--dataset <path>', 'A dataset .parquet written by gq run (required)')
    .option('--target <name>', 'Target column (default target_5d)')
    .option('--horizon <n>', 'Rows the target looks ahead, for a target whose name does not say (default: from its name, target_<h>d)')
    .option('--features <names>', 'Features to score, e.g. --features rsi_14 macd (default: every feature column)')
    .option('--families <families>', 'Feature families to score, e.g. --families returns technical (instead of --features)')
    .option('--quantiles <n>', 'Buckets per date, 2 to 100 (default 5)')
    .option('--out <dir>', 'Output folder (default: eval/ next to the dataset)')
    .option('--workers <n>', 'Worker threads (default: available parallelism; env MAX_PARALLEL_WORKERS)')
    .option('--no-html', 'Write eval.json and eval.csv only (an eval.html of an earlier run in the folder is removed)')
    .action(async (rest: unknown[], flags: Flags) => {
      const o = await commonOptions('eval', rest, flags);
      const { runEval } = await import('../eval/run-eval.ts');
      const t0 = performance.now();
      const { report, files } = await runEval({ ...o, quantiles: intFlag(flags, 'quantiles', 2, 100) });
      const { printEvalSummary } = await import('../eval/print-summary.ts');
      process.stdout.write(printEvalSummary(report, files, (performance.now() - t0) / 1000));
    });

  cli.command('train [...rest]', 'Walk-forward ridge baseline on per-date z-scored features: out-of-sample predictions (Parquet) and their gq eval report')
    .option('--dataset <path>', 'A dataset .parquet written by gq run (required)')
    .option('--target <name>', 'Target column (default target_5d)')
    .option('--horizon <n>', 'Rows the target looks ahead, for a target whose name does not say (default: from its name)')
    .option('--gap <n>', 'Dates left out between training and test rows (default: the horizon, so no label overlaps the test period)')
    .option('--alpha <x>', 'Ridge penalty per training row: lambda = alpha x rows (default 1)')
    .option('--features <names>', 'Features to use (default: every feature column)')
    .option('--families <families>', 'Feature families to use (instead of --features)')
    .option('--out <dir>', 'Output folder (default: train/ next to the dataset)')
    .option('--workers <n>', 'Worker threads (default: available parallelism; env MAX_PARALLEL_WORKERS)')
    .option('--no-html', 'Write the report without eval.html (an eval.html of an earlier run in the folder is removed)')
    .action(async (rest: unknown[], flags: Flags) => {
      const o = await commonOptions('train', rest, flags);
      const { runTrain } = await import('../eval/train/run-train.ts');
      const t0 = performance.now();
      const r = await runTrain({ ...o, gap: intFlag(flags, 'gap', 0), alpha: numFlag(flags, 'alpha') });
      const { printTrainSummary } = await import('../eval/print-summary.ts');
      process.stdout.write(printTrainSummary(r, (performance.now() - t0) / 1000));
    });
}
