/**
 * Schedules in queue mode: each enabled schedule is a BullMQ job scheduler (cron pattern in Asia/Tokyo) on the
 * `gq:ticks` queue. Redis makes one job per tick however many daemons upsert the same scheduler, and one daemon takes
 * it, so several daemons never fire a tick twice. The daemon that takes a tick applies gq's rules as the embedded
 * scheduler does: nothing on a day the TSE is closed, the partition whose data is published, overlap skip or wait, and
 * the partition's run key; the tick is recorded under the same state key, so the API and the page show it alike.
 * After downtime, only the latest missed tick runs, once, when a daemon comes back (as in the embedded scheduler): every
 * tick instant is claimed in Redis before it fires (`gq:ticks:last:<schedule>`, moved forward only, by one script),
 * a tick job that arrives late fires the latest tick due instead of its own, and a daemon that starts catches up on
 * the latest tick due since the last one fired by any daemon.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { freshPartitionKey } from '../run-keys.ts';
import { firesOnDay, latestTickIn, ZONE, type ScheduleDef } from '../schedule.ts';
import { partitionsForTick, type TickRecord } from '../scheduler.ts';
import { formatJst } from '../jst.ts';
import type { State } from '../state/state.ts';
import { PREFIX, TICKS_QUEUE, type RedisOptions } from './connection.ts';
import { onceAMinute } from './queue-executor.ts';

export type TickSchedulers = { ready: Promise<void>; close(): Promise<void>; disconnect(): void };

/** Fires one tick of `s` at instant `tick` into `state`; returns what it did. */
export function fireTick(s: ScheduleDef, tick: number, state: State, now: number, log: (line: string) => void, note = ''): TickRecord {
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
  log(`schedule ${s.name}: tick ${formatJst(tick)} ${result}${runId === null ? '' : ` run ${runId}`} [${partitions.join(', ')}] (BullMQ job scheduler${note})`);
  const rec: TickRecord = { lastTick: tick, at: now, result, runId };
  state.kv.set(key, rec, now);
  return rec;
}

// KEYS: the schedule's last fired tick. ARGV: op (claim | start), tick ms. claim: 1 when the tick is later than the last
// one (it becomes the last), else 0. start: the last tick, set to ARGV[2] first when there is none.
const CLAIM = `
local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
if ARGV[1] == 'start' then
  if last < 0 then redis.call('SET', KEYS[1], ARGV[2]) return tonumber(ARGV[2]) end
  return last
end
if tonumber(ARGV[2]) > last then redis.call('SET', KEYS[1], ARGV[2]) return 1 end
return 0
`;

/** Upserts the job schedulers of `schedules` and takes their ticks. */
export function startTickSchedulers(o: { redis: RedisOptions; schedules: readonly ScheduleDef[]; state: State; now(): number; log(line: string): void; onTick?(): void }): TickSchedulers {
  const queue = new Queue(TICKS_QUEUE, { connection: o.redis, prefix: PREFIX });
  const client = new Redis(o.redis);
  const logError = onceAMinute(o.log);
  queue.on('error', (e) => logError(`ticks queue: ${e.message}`));
  client.on('error', (e: Error) => logError(`ticks: ${e.message}`));
  const byName = new Map(o.schedules.map((s) => [s.name, s]));
  const lastKey = (s: ScheduleDef): string => `${PREFIX}:ticks:last:${s.name}`;
  const claim = async (s: ScheduleDef, tick: number): Promise<boolean> => Number(await client.eval(CLAIM, 1, lastKey(s), 'claim', String(tick))) === 1;
  /** Fires the latest tick of `s` due in (after, now] unless a daemon already fired it or a later one. */
  const fireLatest = async (s: ScheduleDef, after: number, why: string): Promise<TickRecord | null> => {
    const now = o.now();
    const tick = latestTickIn(s, after, now);
    if (tick === null) return null;
    if (!(await claim(s, tick))) {
      o.log(`schedule ${s.name}: tick ${formatJst(tick)} was already fired by a daemon on this queue`);
      return null;
    }
    const rec = fireTick(s, tick, o.state, now, o.log, why);
    o.onTick?.();
    return rec;
  };
  const ready = (async () => {
    for (const s of o.schedules) {
      if (s.enabled) await queue.upsertJobScheduler(s.name, { pattern: s.cron, tz: ZONE }, { name: 'tick', data: { schedule: s.name }, opts: { removeOnComplete: 1000, removeOnFail: 1000 } });
      else await queue.removeJobScheduler(s.name);
    }
    // Catch up: the latest tick due since the last one any daemon fired (or this state recorded) runs once. On the
    // queue's first start, ticks before it were never promised.
    for (const s of o.schedules) {
      if (!s.enabled) continue;
      const recorded = o.state.kv.get<TickRecord>(`schedule/${s.name}`)?.lastTick ?? o.now();
      const last = Number(await client.eval(CLAIM, 1, lastKey(s), 'start', String(recorded)));
      await fireLatest(s, last, ', latest tick missed while no daemon ran');
    }
  })();
  const worker = new Worker(TICKS_QUEUE, async (job) => {
    const s = byName.get(String((job.data as { schedule?: string }).schedule));
    if (s === undefined || !s.enabled) return { result: 'unknown schedule here' };
    const tick = Number((job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp);
    if (!firesOnDay(s, tick)) return fireTick(s, tick, o.state, o.now(), o.log);
    // A job that comes late (its daemons were down) stands for every tick due since: the latest of them fires.
    const late = latestTickIn(s, tick - 1, o.now()) !== tick;
    return (await fireLatest(s, tick - 1, late ? ', latest of several missed ticks' : '')) ?? { result: 'already fired' };
  }, { connection: o.redis, prefix: PREFIX, concurrency: 1 });
  worker.on('error', (e) => logError(`ticks worker: ${e.message}`));
  return {
    ready: ready.then(() => worker.waitUntilReady()).then(() => undefined),
    async close() {
      await Promise.allSettled([worker.close(), queue.close(), client.quit()]);
    },
    disconnect() {
      void worker.disconnect().catch(() => {});
      void queue.disconnect().catch(() => {});
      client.disconnect();
    },
  };
}
