/** An executor for scheduler tests: each job "runs" for a set time on the given clock and succeeds; launches are recorded. */
import type { Clock } from '../../../orchestrate/clock.ts';
import type { Executor } from '../../../orchestrate/executor.ts';
import type { JobResult, JobSpec } from '../../../orchestrate/jobs/job-spec.ts';

export type Launch = { runId: number; job: string; partitions: string[]; at: number };

/** The executor and its launch log; `durations` by job name (ms, default 0). */
export function fakeExecutor(clock: Clock, durations: Record<string, number> = {}): { executor: Executor; launches: Launch[] } {
  const launches: Launch[] = [];
  return {
    launches,
    executor: {
      launch(spec: JobSpec) {
        launches.push({ runId: spec.runId, job: spec.job, partitions: spec.partitions, at: clock.now() });
        const ctl = new AbortController();
        const done = clock.sleep(durations[spec.job] ?? 0, ctl.signal).then((): JobResult => (ctl.signal.aborted
          ? { status: 'canceled', materializations: [] }
          : { status: 'success', rows: 1, materializations: spec.job === 'dataset' ? spec.partitions.map((p) => ({ asset: 'dataset', partition: p, rows: 1, status: 'materialized' as const, note: null })) : [] }));
        return { done, cancel: () => ctl.abort() };
      },
      async close() {},
    },
  };
}
