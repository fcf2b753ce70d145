/** What a run's BullMQ job carries (plain JSON, never the API key) and what its worker sends back. */
import type { JobResult, JobSpec } from '../jobs/job-spec.ts';

/** The request budget every worker applies (the daemon's config). */
export type BudgetSpec = { plan: string; limit: number; windowMs: number; lockoutMs: number };

export type RunJobData = { stateId: string; spec: JobSpec; budget: BudgetSpec };

/** API requests a run made since the last report: endpoint (under /v2), status (or `error`), count. */
export type ApiCount = [endpoint: string, status: string, n: number];

/** Progress messages of a running job: which worker took it, its log lines, and its API requests (for /metrics). */
export type RunProgress = { worker: string; attempt: number } | { line: string } | { api: ApiCount[] };

/** The job's return value: the run's result and the worker that ran it. */
export type RunJobResult = JobResult & { worker: string };

/** The BullMQ job id of a run of a daemon's state (ids of several daemons' states never meet). */
export function runJobId(stateId: string, runId: number): string {
  return `${stateId}-run-${runId}`;
}
