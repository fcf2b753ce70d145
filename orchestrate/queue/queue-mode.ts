/**
 * `gq daemon --queue redis://HOST:PORT`: the daemon's parts that change when runs spread over `gq worker`s. Runs go
 * to the BullMQ queue (queue-executor.ts), schedules become BullMQ job schedulers (tick-schedulers.ts), the daemon's
 * own API calls (sensors) take their slots from the budget in Redis that the workers share (redis-pacer.ts). Run
 * records stay in this daemon's state: the queue's events update them, and the worker that ran a run is its owner.
 */
import { randomUUID } from 'node:crypto';
import type { DaemonConfig } from '../config.ts';
import type { State } from '../state/state.ts';
import { describeQueue, pingRedis, redisOptions } from './connection.ts';
import { queueExecutor, type QueueExecutor } from './queue-executor.ts';
import { redisPacer, type RedisPacer } from './redis-pacer.ts';
import { markSharedOutput } from './shared-outputs.ts';
import { startTickSchedulers } from './tick-schedulers.ts';

export type QueueMode = {
  /** The queue's address without its password. */
  where: string;
  executor: QueueExecutor;
  pacer: RedisPacer;
  /** True while a 429 pause seen by any worker or daemon holds every API request (polled from Redis each second). */
  paused(): boolean;
  close(): Promise<void>;
};

/** This state's id in the queue: job ids of several daemons' states never meet. */
function stateIdOf(state: State, now: number): string {
  let id = state.kv.get<string>('queue/state-id');
  if (id === undefined) {
    id = randomUUID().slice(0, 8);
    state.kv.set('queue/state-id', id, now);
  }
  return id;
}

/** Connects the daemon to the queue at `url`. */
export async function startQueueMode(o: {
  url: string; state: State; config: DaemonConfig; schedules: boolean; now(): number; log(line: string): void; wake(): void;
  /** The workers' API requests (endpoint, status, count), as they report them. */
  onApiRequests?(endpoint: string, status: string, n: number): void;
}): Promise<QueueMode> {
  await pingRedis(o.url);
  const redis = redisOptions(o.url);
  const where = describeQueue(o.url);
  const cfg = o.config;
  const setOwner = o.state.db.prepare('UPDATE runs SET owner = ? WHERE id = ?');
  const stateId = stateIdOf(o.state, o.now());
  const executor = queueExecutor({
    redis, stateId, log: o.log,
    budget: { plan: cfg.api.plan, limit: cfg.api.limit, windowMs: cfg.api.windowSeconds * 1000, lockoutMs: cfg.api.lockoutSeconds * 1000 },
    attempts: cfg.retries.count + 1, backoffMs: cfg.retries.backoffSeconds * 1000,
    onWorker: (runId, worker) => { setOwner.run(worker, runId); },
    onApi: o.onApiRequests,
  });
  const pacer = redisPacer(redis, cfg.api.limit, cfg.api.windowSeconds * 1000, 'jquants', (e) => o.log(`queue budget: ${e.message}`));
  const ticks = startTickSchedulers({ redis, schedules: o.schedules ? cfg.schedules : [], state: o.state, now: o.now, log: o.log, onTick: o.wake });
  try {
    await Promise.race([
      Promise.all([executor.ready, ticks.ready]),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer from ${where} within 10 s`)), 10_000).unref()),
    ]);
  } catch (e) {
    executor.disconnect();
    ticks.disconnect();
    pacer.disconnect();
    throw new Error(`--queue ${where}: ${(e as Error).message}`);
  }
  // Runs this state still records as running were handed to the queue by a daemon that is gone: the dispatcher
  // records them interrupted and re-runs them, so their old jobs must not run as well.
  await executor.abandon(o.state.runs.running().map((r) => r.id));
  // Workers check that they see this folder before running a job that writes there (unless outputs go to S3).
  await markSharedOutput(cfg.output, stateId);
  o.log(`queue mode: runs go to BullMQ workers on ${where}; schedules are BullMQ job schedulers; one API budget in Redis`);
  let pausedUntil = 0;
  const pausePoll = setInterval(() => {
    void pacer.pausedFor().then((ms) => {
      const was = pausedUntil > Date.now();
      pausedUntil = ms > 0 ? Date.now() + ms : 0;
      if (was !== ms > 0) o.wake();
    }, () => {});
  }, 1_000);
  pausePoll.unref();
  let closing: Promise<void> | undefined;
  return {
    where, executor, pacer,
    paused: () => pausedUntil > Date.now(),
    close() {
      clearInterval(pausePoll);
      closing ??= Promise.allSettled([ticks.close(), executor.close(), pacer.close()]).then(() => undefined);
      return closing;
    },
  };
}
