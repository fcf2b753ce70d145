/**
 * The process of one run: receives a JobSpec over IPC, runs it, sends log lines and the result, exits. It exits as
 * soon as its daemon's channel closes (the daemon was stopped or killed): the daemon re-runs interrupted runs, and
 * every output file is written atomically, so an abandoned run leaves nothing half-written behind.
 */
import { runJob } from '../jobs/run-job.ts';
import type { JobSpec } from '../jobs/job-spec.ts';

const send = (m: object): void => {
  if (process.connected) process.send!(m);
};

process.on('disconnect', () => process.exit(137));
const abort = new AbortController();
process.on('SIGTERM', () => {
  abort.abort();
  setTimeout(() => process.exit(143), 1_000).unref();
});
process.once('message', (spec: JobSpec) => {
  void runJob(spec, (line) => send({ type: 'log', line }), abort.signal).then((result) => {
    if (!process.connected) process.exit(1);
    process.send!({ type: 'done', result }, () => process.exit(0));
  });
});
