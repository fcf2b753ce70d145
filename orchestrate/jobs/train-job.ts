/**
 * The `train` job (weekly_ml_training): GQ_TRAIN_COMMAND (a shell line) or the config's trainCommand, else
 * `gq train --dataset <whole>` once that command exists. It trains on the whole dataset (whole-dataset.ts: every day
 * built so far, as one Parquet file), whose path is in GQ_DATASET; GQ_DATASET_FROM and GQ_DATASET_TO are its first and
 * last day, GQ_DATASET_DIR the daily partitions' root. Nothing configured: the job is idle and says so.
 */
import { join } from 'node:path';
import { runCommand } from './run-command.ts';
import { GQ_ENTRY, hasGqCommand } from './gq-commands.ts';
import type { JobResult, JobSpec } from './job-spec.ts';

/** How training would run here, or null when nothing is configured. */
export function trainPlan(trainCommand: string[] | null, env: Readonly<Record<string, string | undefined>> = process.env): { describe: string; argv: string[] | { shell: string } | 'gq-train' } | null {
  const line = env.GQ_TRAIN_COMMAND;
  if (line !== undefined && line.trim() !== '') return { describe: `GQ_TRAIN_COMMAND: ${line}`, argv: { shell: line } };
  if (trainCommand !== null) return { describe: trainCommand.join(' '), argv: trainCommand };
  if (hasGqCommand('train')) return { describe: 'gq train --dataset <whole dataset>', argv: 'gq-train' };
  return null;
}

/** Builds (or finds) the whole dataset, then runs the training command on it. */
export async function runTrainJob(spec: JobSpec, log: (line: string) => void, signal: AbortSignal): Promise<JobResult> {
  const plan = trainPlan(spec.trainCommand);
  if (plan === null) return { status: 'success', note: 'idle: no training configured (set GQ_TRAIN_COMMAND or trainCommand)', materializations: [] };
  const { wholeDataset } = await import('./whole-dataset.ts'); // the pipeline, loaded only when training runs
  let whole;
  try {
    whole = await wholeDataset(spec, log);
  } catch (e) {
    return { status: 'failed', error: (e as Error).message, materializations: [] };
  }
  const span = whole.from === null ? '' : ` (${whole.from}..${whole.to})`;
  const argv = plan.argv === 'gq-train' ? [process.execPath, GQ_ENTRY, 'train', '--dataset', whole.path] : plan.argv;
  log(`training on ${whole.path}${span}: ${plan.describe}`);
  const env = { GQ_DATASET: whole.path, GQ_DATASET_FROM: whole.from ?? '', GQ_DATASET_TO: whole.to ?? '', GQ_DATASET_DIR: join(spec.output, 'dataset') };
  const r = await runCommand(argv, env, spec.cwd, log, signal);
  if (r.code === 0) return { status: 'success', note: `trained on ${whole.path}${span}`, files: whole.files, materializations: [] };
  return { status: 'failed', error: `training command exited with ${r.code ?? r.signal}${r.stderrTail === '' ? '' : `: ${r.stderrTail}`}`, files: whole.files, materializations: [] };
}
