/**
 * `gq worker --queue redis://HOST:PORT`: takes runs from the queue, `--concurrency` at a time, each in a child process
 * (the daemon's process executor, so a crash takes only the run down). Its API calls go through a relay on this
 * machine whose pacer is the budget in Redis that every worker and daemon shares (a 429 seen here pauses them all);
 * the J-Quants key comes from this machine's environment (or .env), never through the queue. While a run goes, its
 * job's lock is renewed; a worker killed mid-run stops renewing, and after `stallSeconds` another worker takes the job
 * over (BullMQ's stalled-job check). A run's process that dies without reporting fails the job attempt, which BullMQ
 * retries with exponential backoff; a run that reports failure is returned as such (the daemon's retries apply).
 * Outputs go to the queue's shared place (shared-outputs.ts): S3 beside the feature store's offline store when this
 * machine's store config has one, else the daemon's output folder, which this machine must see.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_BASE_URL, normaliseBaseUrl } from '../../io/jquants/config.ts';
import { startApiBudget, type ApiBudget } from '../api-budget.ts';
import { processExecutor } from '../process-executor.ts';
import { CANCEL_CHANNEL, PREFIX, RUNS_QUEUE, redisOptions, describeQueue, pingRedis } from './connection.ts';
import type { ApiCount, RunJobData, RunJobResult, RunProgress, BudgetSpec } from './job-data.ts';
import { redisPacer, type RedisPacer } from './redis-pacer.ts';
import { commitPartitions, outputTarget, s3Of, sharedOutputProblem, stageLatestDataset } from './shared-outputs.ts';

export type WorkerOptions = {
  url: string;
  concurrency?: number;
  /** A job whose worker is silent this long is taken over by another. Default 30. */
  stallSeconds?: number;
  name?: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  log(line: string): void;
};

export type GqWorker = { name: string; where: string; worker: Worker; close(): Promise<void> };

/** Starts a worker on the queue at `url`. */
export async function startWorker(o: WorkerOptions): Promise<GqWorker> {
  await pingRedis(o.url);
  const redis = redisOptions(o.url);
  const where = describeQueue(o.url);
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const apiKey = (o.env.JQUANTS_API_KEY ?? '').trim();
  const upstream = normaliseBaseUrl(o.env.JQUANTS_API_BASE_URL ?? DEFAULT_BASE_URL);
  const exec = processExecutor();
  const relays = new Map<string, Promise<{ budget: ApiBudget; pacer: RedisPacer }>>();
  // Requests by relay owner (one per job attempt) not yet reported to the daemon: endpoint\tstatus -> count.
  const unreported = new Map<string, Map<string, number>>();
  const countRequest = (endpoint: string, status: string, owner: string): void => {
    const m = unreported.get(owner);
    if (m === undefined) return;
    const k = `${endpoint}\t${status}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  /** Sends the owner's unreported request counts as a progress message (the daemon adds them to its /metrics). */
  const report = async (job: Job<RunJobData, RunJobResult>, owner: string): Promise<void> => {
    const m = unreported.get(owner);
    if (m === undefined || m.size === 0) return;
    const api: ApiCount[] = [...m].map(([k, n]) => { const [e, s] = k.split('\t'); return [e!, s!, n]; });
    m.clear();
    await job.updateProgress({ api } satisfies RunProgress);
  };
  const relayFor = (b: BudgetSpec): Promise<{ budget: ApiBudget; pacer: RedisPacer }> => {
    const key = `${b.limit}/${b.windowMs}/${b.lockoutMs}`;
    let r = relays.get(key);
    if (r === undefined) {
      const pacer = redisPacer(redis, b.limit, b.windowMs, 'jquants', (e) => o.log(`budget: ${e.message}`));
      r = startApiBudget({
        upstream, limit: b.limit, windowMs: b.windowMs, lockoutMs: b.lockoutMs, pacer, onRequest: countRequest,
        onPause: (ms) => o.log(`API: a 429 answer: all workers paused for ${(ms / 1000).toFixed(1)} s`),
      })
        .then((budget) => ({ budget, pacer }));
      relays.set(key, r);
    }
    return r;
  };
  const stallMs = Math.max(1, o.stallSeconds ?? 30) * 1000;
  const target = await outputTarget(o.cwd, o.env);
  const s3 = target.kind === 's3' ? await s3Of(target, o.env) : null;
  const WRITES = new Set(['dataset', 'feature_sync', 'train']);

  const process1 = async (job: Job<RunJobData, RunJobResult>, _token?: string, signal?: AbortSignal): Promise<RunJobResult> => {
    const { spec, budget, stateId } = job.data;
    const attempt = job.attemptsMade + 1;
    await job.updateProgress({ worker: name, attempt } satisfies RunProgress);
    o.log(`job ${job.id}: run ${spec.runId} ${spec.job} [${spec.partitions.join(', ')}] attempt ${attempt}`);
    const owner = `run-${stateId}-${spec.runId}-${job.id}-${attempt}`;
    const relay = apiKey === '' ? null : await relayFor(budget);
    const env: Record<string, string> = relay === null ? {} : { JQUANTS_API_KEY: apiKey, JQUANTS_API_BASE_URL: relay.budget.urlFor(owner), JQUANTS_PLAN: budget.plan };
    const local = { ...spec, cwd: existsSync(spec.cwd) ? spec.cwd : o.cwd };
    let staging: string | null = null;
    if (WRITES.has(spec.job) && target.kind === 's3') {
      // Built here, then uploaded; feature_sync and training read the newest committed partition, downloaded first.
      staging = await mkdtemp(join(tmpdir(), 'gq-worker-out-'));
      local.output = staging;
      if (spec.job !== 'dataset') await stageLatestDataset(s3!, target, staging);
    } else if (WRITES.has(spec.job)) {
      const problem = sharedOutputProblem(spec.output, stateId, name);
      if (problem !== null) {
        o.log(`job ${job.id}: run ${spec.runId} refused: ${problem}`);
        return { status: 'failed', error: problem, materializations: [], worker: name };
      }
    }
    unreported.set(owner, new Map());
    const reporter = setInterval(() => void report(job, owner).catch(() => {}), 1_000);
    const launched = exec.launch(local, env, (line) => void job.updateProgress({ line } satisfies RunProgress).catch(() => {}));
    const onAbort = (): void => {
      o.log(`job ${job.id}: run ${spec.runId} canceled: stopping its process`);
      launched.cancel();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let r = await launched.done;
    signal?.removeEventListener('abort', onAbort);
    if (staging !== null) {
      try {
        if (r.status === 'success' && spec.job === 'dataset' && r.files !== undefined && target.kind === 's3') {
          const files = await commitPartitions(s3!, target, staging, r.files, { runId: spec.runId, attempt, worker: name, tag: `${stateId}-run-${spec.runId}-a${attempt}` });
          r = { ...r, files };
          o.log(`job ${job.id}: run ${spec.runId}: ${files.length} files committed to ${target.url}`);
        }
      } catch (e) {
        r = { status: 'failed', error: `uploading the outputs to ${target.kind === 's3' ? target.url : ''} failed: ${(e as Error).message}`, materializations: [] };
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    }
    clearInterval(reporter);
    await report(job, owner).catch(() => {});
    unreported.delete(owner);
    o.log(`job ${job.id}: run ${spec.runId} ${r.status}${r.error ? `: ${r.error}` : ''}`);
    if (r.status === 'failed' && /process died/.test(r.error ?? '')) throw new Error(r.error);
    const counts = relay?.budget.counts(owner) ?? { requests: 0, retries: 0 };
    return { ...r, apiRequests: counts.requests, apiRetries: counts.retries, worker: name };
  };

  const worker = new Worker<RunJobData, RunJobResult>(RUNS_QUEUE, process1, {
    connection: redis, prefix: PREFIX, concurrency: Math.max(1, o.concurrency ?? 1), name,
    lockDuration: stallMs, stalledInterval: stallMs, maxStalledCount: 2,
  });
  worker.on('error', (e) => o.log(`worker: ${e.message}`));
  const sub = new Redis(redis);
  sub.on('error', () => {});
  await sub.subscribe(CANCEL_CHANNEL);
  sub.on('message', (_ch: string, jobId: string) => { if (worker.cancelJob(jobId, 'canceled')) o.log(`job ${jobId}: cancel requested`); });
  await worker.waitUntilReady();
  o.log(`gq worker ${name}: taking runs from ${where} (concurrency ${worker.concurrency}, stalled after ${stallMs / 1000} s; outputs ${target.kind === 's3' ? `to ${target.url}` : 'in the daemon\'s output folder, which this machine must see'})${apiKey === '' ? '; no JQUANTS_API_KEY: dataset runs use the sample market' : ''}`);
  return {
    name, where, worker,
    async close() {
      await worker.close();
      await exec.close();
      sub.disconnect();
      s3?.close();
      for (const r of relays.values()) {
        const { budget, pacer } = await r;
        await budget.close();
        await pacer.close();
      }
    },
  };
}
