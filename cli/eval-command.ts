/** Registers gq eval and gq train (issue 17). Implementations are imported lazily in each action, so `gq run` never loads them. */
import type { CAC } from 'cac';
import { joinListFlags } from './argv.ts';

type Flags = Record<string, unknown>;

const str = (v: unknown): string | undefined => (v === undefined || v === true || v === false ? undefined : String(v));

/** Values of a list flag as typed: `--features a b`, `--features a,b` or the flag repeated. */
function listFlag(name: string): string[] | undefined {
  const argv = joinListFlags(process.argv);
  const out: string[] = [];
  let seen = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith(`${name}=`)) { seen = true; out.push(...a.slice(name.length + 1).split(',')); continue; }
    if (a !== name) continue;
    seen = true;
    while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) out.push(...argv[++i]!.split(','));
  }
  return seen ? out.map((s) => s.trim()).filter(Boolean) : undefined;
}

/** A positive integer flag, or an error naming it. */
function intFlag(flags: Flags, name: string, min = 1): number | undefined {
  const v = str(flags[name]);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be an integer >= ${min}, got ${v}`);
  return n;
}

function numFlag(flags: Flags, name: string): number | undefined {
  const v = str(flags[name]);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0, got ${v}`);
  return n;
}

function datasetOf(flags: Flags): string {
  const d = str(flags.dataset);
  if (d === undefined) throw new Error('--dataset PATH is required (a dataset .parquet written by gq run)');
  return d;
}

function workersOf(flags: Flags): number | undefined {
  return intFlag(flags, 'workers') ?? (process.env.MAX_PARALLEL_WORKERS ? Number(process.env.MAX_PARALLEL_WORKERS) : undefined);
}

/** Adds the commands to the CLI. */
export function registerEvalCommands(cli: CAC): void {
  cli.command('eval [...rest]', 'Score every feature of a dataset: rank IC and IC per date, by year, decay, quantiles, turnover, coverage, feature correlations (eval.json, eval.csv, eval.html)')
    .option('--dataset <path>', 'A dataset .parquet written by gq run (required)')
    .option('--target <name>', 'Target column (default target_5d)')
    .option('--horizon <n>', 'Rows the target looks ahead (default: from its name, target_<h>d)')
    .option('--features <names>', 'Features to score, e.g. --features rsi_14 macd (default: every feature column)')
    .option('--families <families>', 'Feature families to score, e.g. --families returns technical')
    .option('--quantiles <n>', 'Buckets per date (default 5)')
    .option('--out <dir>', 'Output folder (default: eval/ next to the dataset)')
    .option('--workers <n>', 'Worker threads (default: available parallelism; env MAX_PARALLEL_WORKERS)')
    .option('--no-html', 'Write eval.json and eval.csv only')
    .action(async (_rest: unknown[], flags: Flags) => {
      const { runEval } = await import('../eval/run-eval.ts');
      const t0 = performance.now();
      const { report, files } = await runEval({
        dataset: datasetOf(flags), target: str(flags.target), horizon: intFlag(flags, 'horizon'), features: listFlag('--features'),
        families: listFlag('--families'), quantiles: intFlag(flags, 'quantiles', 2), out: str(flags.out), workers: workersOf(flags),
        html: flags.html !== false,
      });
      const { printEvalSummary } = await import('../eval/print-summary.ts');
      process.stdout.write(printEvalSummary(report, files, (performance.now() - t0) / 1000));
    });

  cli.command('train [...rest]', 'Walk-forward ridge baseline on per-date z-scored features: out-of-sample predictions (Parquet) and their gq eval report')
    .option('--dataset <path>', 'A dataset .parquet written by gq run (required)')
    .option('--target <name>', 'Target column (default target_5d)')
    .option('--horizon <n>', 'Rows the target looks ahead (default: from its name)')
    .option('--gap <n>', 'Dates left out between training and test rows (default: the horizon, so no label overlaps the test period)')
    .option('--alpha <x>', 'Ridge penalty per training row: lambda = alpha x rows (default 1)')
    .option('--features <names>', 'Features to use (default: every feature column)')
    .option('--families <families>', 'Feature families to use')
    .option('--out <dir>', 'Output folder (default: train/ next to the dataset)')
    .option('--workers <n>', 'Worker threads (default: available parallelism; env MAX_PARALLEL_WORKERS)')
    .option('--no-html', 'Write the report without eval.html')
    .action(async (_rest: unknown[], flags: Flags) => {
      const { runTrain } = await import('../eval/train/run-train.ts');
      const t0 = performance.now();
      const r = await runTrain({
        dataset: datasetOf(flags), target: str(flags.target), horizon: intFlag(flags, 'horizon'), gap: intFlag(flags, 'gap', 0),
        alpha: numFlag(flags, 'alpha'), features: listFlag('--features'), families: listFlag('--families'), out: str(flags.out),
        workers: workersOf(flags), html: flags.html !== false,
      });
      const { printTrainSummary } = await import('../eval/print-summary.ts');
      process.stdout.write(printTrainSummary(r, (performance.now() - t0) / 1000));
    });
}
