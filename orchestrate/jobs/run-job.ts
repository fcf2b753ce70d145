/**
 * Runs one job by name: what both executors (in a child process, or a queue worker later) call. Each job's module is
 * imported when it runs, so the daemon itself never loads the pipeline.
 */
import { JOBS, type JobResult, type JobSpec } from './job-spec.ts';
import { isPermanentFailure } from './permanent-failure.ts';
import { runCommand } from './run-command.ts';

/** Runs the job of `spec`; failures come back as a failed result with the error line, never as a throw. */
export async function runJob(spec: JobSpec, log: (line: string) => void, signal: AbortSignal): Promise<JobResult> {
  try {
    switch (spec.job) {
      case 'dataset': return await (await import('./dataset-job.ts')).runDatasetJob(spec, log);
      case 'feature_sync': return await (await import('./feature-sync-job.ts')).runFeatureSyncJob(spec, log, signal);
      case 'train': return await (await import('./train-job.ts')).runTrainJob(spec, log, signal);
      case 'noop': return { status: 'success', note: 'noop', materializations: [] };
      case 'command': {
        const argv = spec.params.command as string[];
        const r = await runCommand(argv, { GQ_RUN_ID: String(spec.runId), GQ_PARTITIONS: spec.partitions.join(',') }, spec.cwd, log, signal);
        return r.code === 0 ? { status: 'success', materializations: [] } : { status: 'failed', error: `${argv[0]} exited with ${r.code ?? r.signal}${r.stderrTail === '' ? '' : `: ${r.stderrTail}`}`, materializations: [] };
      }
      default: return { status: 'failed', error: `unknown job "${spec.job}" (known: ${JOBS.join(', ')})`, materializations: [] };
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { status: 'failed', error: msg.split('\n')[0]!, materializations: [], ...(isPermanentFailure(e) ? { permanent: true } : {}) };
  }
}
