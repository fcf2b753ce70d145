/**
 * The executor contract: launch a job described by a plain-JSON JobSpec, stream its log lines, cancel it, and get a
 * JobResult back. The daemon only talks to this contract, so a queue-backed executor (BullMQ workers on other machines,
 * issue 14) can replace the process executor without touching the scheduler, the sensors or the run records.
 */
import type { JobResult, JobSpec } from './jobs/job-spec.ts';

export type Launched = {
  /** Settles with the job's result; never rejects (a crash is a failed result with the reason). */
  done: Promise<JobResult>;
  /** Asks the job to stop; `done` then settles with status canceled. */
  cancel(): void;
};

export type Executor = {
  /** Starts the job. `env` is added to the job's environment (the run's API budget URL). */
  launch(spec: JobSpec, env: Record<string, string>, log: (line: string) => void): Launched;
  /** Stops every job it launched (they are recorded as interrupted by the caller). */
  close(): Promise<void>;
  /**
   * Runs it may hold at once, when its own workers decide (a queue): the daemon then starts runs of one job side by side
   * unless they share a partition. Unset: the config's concurrency and one run per job at a time.
   */
  capacity?: number;
};
