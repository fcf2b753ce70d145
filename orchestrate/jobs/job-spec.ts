/** What an executor hands a job (plain JSON, so it crosses a process or a queue) and what the job hands back. */
import type { RunOutcome } from '../state/runs.ts';

/** The jobs the daemon knows. */
export const JOBS = ['dataset', 'feature_sync', 'train', 'command', 'noop'] as const;

export type JobSpec = {
  runId: number;
  job: string;
  partitions: string[];
  tags: Record<string, string>;
  /** The schedule's job parameters (a command job's `command`). */
  params: Record<string, unknown>;
  /** Root of partition outputs. */
  output: string;
  /** Extra `gq run` flags for dataset runs. */
  pipeline: Record<string, unknown>;
  trainCommand: string[] | null;
  /** The dataset training reads (the config's trainDataset, absolute), or null: the whole dataset built from the partitions. */
  trainDataset?: string | null;
  cwd: string;
};

export type MaterializationResult = { asset: string; partition: string; rows: number | null; status: 'materialized' | 'skipped'; note: string | null };

/** `permanent`: a failure no retry can cure (jobs/permanent-failure.ts); the dispatcher records it and does not retry. */
export type JobResult = RunOutcome & { materializations: MaterializationResult[]; permanent?: boolean };

/** Where a dataset partition's files go. */
export function partitionDir(output: string, day: string): string {
  return `${output}/dataset/date=${day}`;
}
