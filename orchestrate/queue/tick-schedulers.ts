/**
 * Schedules in queue mode: each enabled schedule is a BullMQ job scheduler (cron pattern in Asia/Tokyo) on the
 * `gq:ticks` queue. Redis makes one job per tick however many daemons upsert the same scheduler, and one daemon takes
 * it, so several daemons never fire a tick twice. The daemon that takes a tick applies gq's rules as the embedded
 * scheduler does: nothing on a day the TSE is closed, the partition whose data is published, overlap skip or wait, and
 * the partition's run key; the tick is recorded under the same state key, so the API and the page show it alike.
 * After downtime, the tick that was due when the last daemon stopped runs once when one comes back.
 */
import { Queue, Worker } from 'bullmq';
import { freshPartitionKey } from '../run-keys.ts';
import { firesOnDay, ZONE, type ScheduleDef } from '../schedule.ts';
import { partitionsForTick, type TickRecord } from '../scheduler.ts';
import { formatJst } from '../jst.ts';
import type { State } from '../state/state.ts';
import { PREFIX, TICKS_QUEUE, type RedisOptions } from './connection.ts';
import { onceAMinute } from './queue-executor.ts';

export type TickSchedulers = { ready: Promise<void>; close(): Promise<void>; disconnect(): void };

/** Fires one tick of `s` at instant `tick` into `state`; returns what it did. */
export function fireTick(s: ScheduleDef, tick: number, state: State, now: number, log: (line: string) => void): TickRecord {
  const key = `schedule/${s.name}`;
  if (!firesOnDay(s, tick)) {
    const rec: TickRecord = { lastTick: tick, at: now, result: 'not a TSE business day', runId: null };
    state.kv.set(key, rec, now);
    log(`schedule ${s.name}: tick ${formatJst(tick)}: not a TSE business day, nothing to run`);
    return rec;
  }
  const partitions = partitionsForTick(s.job, tick);
  const busy = state.runs.queued().concat(state.runs.running()).some((r) => r.job === s.job);
  let result = 'skipped';
  let runId: number | null = null;
  if (!(busy && s.overlap === 'skip')) {
    const runKey = s.job === 'dataset' ? freshPartitionKey(partitions[0]!) : `schedule:${s.name}:${tick}`;
    const run = state.runs.request({ job: s.job, partitions, trigger: 'schedule', triggerName: s.name, runKey, params: s.params, tags: {} }, now);
    result = run === null ? 'deduplicated' : 'requested';
    runId = run?.id ?? null;
  }
  log(`schedule ${s.name}: tick ${formatJst(tick)} ${result}${runId === null ? '' : ` run ${runId}`} [${partitions.join(', ')}] (BullMQ job scheduler)`);
  const rec: TickRecord = { lastTick: tick, at: now, result, runId };
  state.kv.set(key, rec, now);
  return rec;
}

/** Upserts the job schedulers of `schedules` and takes their ticks. */
export function startTickSchedulers(o: { redis: RedisOptions; schedules: readonly ScheduleDef[]; state: State; now(): number; log(line: string): void; onTick?(): void }): TickSchedulers {
  const queue = new Queue(TICKS_QUEUE, { connection: o.redis, prefix: PREFIX });
  const logError = onceAMinute(o.log);
  queue.on('error', (e) => logError(`ticks queue: ${e.message}`));
  const byName = new Map(o.schedules.map((s) => [s.name, s]));
  const ready = (async () => {
    for (const s of o.schedules) {
      if (s.enabled) await queue.upsertJobScheduler(s.name, { pattern: s.cron, tz: ZONE }, { name: 'tick', data: { schedule: s.name }, opts: { removeOnComplete: 1000, removeOnFail: 1000 } });
      else await queue.removeJobScheduler(s.name);
    }
  })();
  const worker = new Worker(TICKS_QUEUE, async (job) => {
    const s = byName.get(String((job.data as { schedule?: string }).schedule));
    if (s === undefined || !s.enabled) return { result: 'unknown schedule here' };
    const tick = Number((job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp);
    const rec = fireTick(s, tick, o.state, o.now(), o.log);
    o.onTick?.();
    return rec;
  }, { connection: o.redis, prefix: PREFIX, concurrency: 1 });
  worker.on('error', (e) => logError(`ticks worker: ${e.message}`));
  return {
    ready: ready.then(() => worker.waitUntilReady()).then(() => undefined),
    async close() {
      await Promise.allSettled([worker.close(), queue.close()]);
    },
    disconnect() {
      void worker.disconnect().catch(() => {});
      void queue.disconnect().catch(() => {});
    },
  };
}
