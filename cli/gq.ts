#!/usr/bin/env node
/**
 * The `gq` command. Errors a user can fix print one line, `gq: <what is wrong and the fix>`, and exit 2;
 * `--verbose` adds the stack. Keys come from the environment or `.env` only, never from flags, so they never
 * reach the command line recorded in the metadata.
 */
import { cac } from 'cac';
import { joinListFlags, joinNegativeValues } from './argv.ts';
import { reportError } from './report-error.ts';
import { registerStoreCommands } from './store-command.ts';
import { registerOrchestrateCommands } from './orchestrate-command.ts';
import { registerEvalCommands } from './eval-command.ts';
import { hideNegatedDefaults } from './negated-options.ts';

const argv = joinNegativeValues(joinListFlags(process.argv));

/** The text after `--name` (or in `--name=value`) exactly as typed. */
function rawValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i]!.startsWith(`${name}=`)) return args[i]!.slice(name.length + 1);
  }
  return undefined;
}
const verbose = argv.includes('--verbose');
const cli = cac('gq');

cli.command('run', 'Fetch, check, compute every feature and write the dataset (the sample market when no key is set)')
  .option('--workers <n>', 'Worker threads (default: available parallelism; env MAX_PARALLEL_WORKERS)')
  .option('--from <date>', 'First day written, YYYY-MM-DD (history before it is fetched for warm-up)')
  .option('--to <date>', 'Last day, YYYY-MM-DD')
  .option('--days <n>', 'The last N business days up to --to')
  .option('--history-from <date>', 'Pin the history origin: every code is computed from its first bar on or after it (default: pinned per raw cache)')
  .option('--codes <codes>', 'Codes to include, e.g. --codes 7203 9984 130A0 (default: all)')
  .option('--update <kinds>', 'Refetch only these raw kinds (prices topix master calendar); with --dataset: add or refresh these feature families')
  .option('--families <families>', 'Feature families to compute, e.g. --families returns technical, or all (default: the core families, returns volatility technical volume topix microstructure targets)')
  .option('--dataset <path>', 'An existing dataset (.parquet) to add or refresh feature families in')
  .option('--tag <tag>', 'Name of the output files (default: dataset)')
  .option('--in-place', 'With --dataset: rewrite that dataset instead of writing to --output/--tag')
  .option('--sample', 'Use the sample market even when a key is set')
  .option('--sample-codes <n>', 'Codes in the sample market (default 200)')
  .option('--sample-days <n>', 'Business days in the sample market (default 300)')
  .option('--seed <n>', 'Seed of the sample market (default 42)')
  .option('--source <dir>', 'Local files in J-Quants V2 names: bars_daily.{parquet,csv,ndjson}, topix.{...}')
  .option('--output <dir>', 'Output folder (default: out)')
  .option('--format <formats>', 'parquet, csv or parquet,csv (default: both)')
  .option('--batch-size <n>', 'Codes per compute-and-write batch (bounds memory)')
  .option('--plan <plan>', 'J-Quants plan: free, light, standard, premium (sets the request pacing)')
  .option('--skip-quality-checks', 'Skip the data-quality checks (loudly; the report says they were skipped)')
  .option('--dividends <file>', 'Adjust prices for cash dividends (ratio method) from a CSV/NDJSON of Code, ExDate, Amount (off by default)')
  .option('--float32', 'Write features as Float32 (half the size)')
  .option('--buffered-writes', 'Write dataset files through the page cache instead of O_DIRECT (e.g. on a network file system)')
  .option('--cache-dir <dir>', 'Raw cache folder (default: .gq-cache)')
  .option('--push', 'Then write the rows into the feature store, offline and online (gq store materialize; config ./gq.store.json or GQ_STORE_CONFIG)')
  .option('--no-bulk', 'Fetch daily bars by date only, never from J-Quants bulk files (default: files when cheaper)')
  .option('--verbose', 'Print stack traces and client events')
  // Commands load their implementation when they run, so `gq runs` or `gq --version` never loads the pipeline.
  .action(async (flags) => (await import('./run-command.ts')).runGq(flags, argv));

cli.command('calendar', 'Print TSE business days in a range, one ISO date a line')
  .option('--from <date>', 'First day, YYYY-MM-DD')
  .option('--to <date>', 'Last day, YYYY-MM-DD')
  .option('--closed', 'Print the closed weekdays with the reason instead')
  .action(async (flags) => (await import('./calendar-command.ts')).runCalendar(flags));

cli.command('api-standin', 'Serve the sample market as a local stand-in of the J-Quants API V2')
  .option('--port <n>', 'Port (default: 8787; 0 picks a free one)')
  .option('--key <key>', 'Accept only this API key (default: any non-empty key)')
  .option('--plan <plan>', 'Plan whose limits and data window are enforced (default: premium)')
  .option('--faults <rate>', 'Fraction of requests that fail (5xx, slow, dropped, truncated)')
  .option('--sample-codes <n>', 'Codes in the sample market (default 200, as gq run)')
  .option('--sample-days <n>', 'Business days in the sample market (default 300, as gq run)')
  .option('--seed <n>', 'Seed of the sample market (default 42)')
  // cac turns a numeric-looking key into a number (0123 -> 123); take the key as typed.
  .action(async (flags) => (await import('./api-standin-command.ts')).runApiStandin({ ...flags, codes: flags.sampleCodes, days: flags.sampleDays, key: rawValue(argv, '--key') ?? flags.key }));

registerStoreCommands(cli);
registerOrchestrateCommands(cli);
registerEvalCommands(cli);
hideNegatedDefaults(cli);

cli.help();
cli.version(process.env.npm_package_version ?? '0.1.0');
cli.addEventListener('command:*', () => {
  // cac also lands here after printing a command's help when positional words follow it (gq store get --help).
  if (cli.options.help === true || cli.options.version === true) return;
  process.stderr.write(`gq: unknown command "${cli.args[0]}"; run gq --help for the commands\n`);
  process.exitCode = 2;
});

try {
  cli.parse(argv, { run: false });
  if (cli.matchedCommand === undefined && cli.args.length === 0 && !argv.includes('--help') && !argv.includes('-h') && !argv.includes('--version') && !argv.includes('-v')) cli.outputHelp();
  await cli.runMatchedCommand();
} catch (e) {
  process.exitCode = reportError(e, verbose);
}
