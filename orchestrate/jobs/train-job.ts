/**
 * The `train` job (weekly_ml_training): GQ_TRAIN_COMMAND (a shell line) or the config's trainCommand, else
 * `gq train --dataset <latest>` once that command exists; the latest dataset partition's path is in GQ_DATASET
 * (and the partitions' root in GQ_DATASET_DIR). Nothing configured: the job is idle and says so.
 */
import { join } from 'node:path';
import { runCommand } from './run-command.ts';
import { GQ_ENTRY, hasGqCommand } from './gq-commands.ts';
import type { JobResult, JobSpec } from './job-spec.ts';
import { latestDatasetFile } from './latest-dataset.ts';

/** How training would run here, or null when nothing is configured. */
export function trainPlan(trainCommand: string[] | null, env: Readonly<Record<string, string | undefined>> = process.env): { describe: string; argv: string[] | { shell: string } | 'gq-train' } | null {
  const line = env.GQ_TRAIN_COMMAND;
  if (line !== undefined && line.trim() !== '') return { describe: `GQ_TRAIN_COMMAND: ${line}`, argv: { shell: line } };
  if (trainCommand !== null) return { describe: trainCommand.join(' '), argv: trainCommand };
  if (hasGqCommand('train')) return { describe: 'gq train --dataset <latest>', argv: 'gq-train' };
  return null;
}

/** Runs the training command against the newest dataset partition. */
export async function runTrainJob(spec: JobSpec, log: (line: string) => void, signal: AbortSignal): Promise<JobResult> {
  const plan = trainPlan(spec.trainCommand);
  if (plan === null) return { status: 'success', note: 'idle: no training configured (set GQ_TRAIN_COMMAND or trainCommand)', materializations: [] };
  const dataset = latestDatasetFile(spec.output);
  if (dataset === null) return { status: 'failed', error: `no dataset partition under ${join(spec.output, 'dataset')} to train on yet`, materializations: [] };
  const argv = plan.argv === 'gq-train' ? [process.execPath, GQ_ENTRY, 'train', '--dataset', dataset] : plan.argv;
  log(`training on ${dataset}: ${plan.describe}`);
  const r = await runCommand(argv, { GQ_DATASET: dataset, GQ_DATASET_DIR: join(spec.output, 'dataset') }, spec.cwd, log, signal);
  if (r.code === 0) return { status: 'success', note: `trained on ${dataset}`, materializations: [] };
  return { status: 'failed', error: `training command exited with ${r.code ?? r.signal}${r.stderrTail === '' ? '' : `: ${r.stderrTail}`}`, materializations: [] };
}
