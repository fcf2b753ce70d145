/**
 * Fires schedules: at each poll, the latest tick since the schedule's last one (kept in the state) requests a run;
 * older missed ticks are dropped (after downtime the latest runs once). A tick of a job that is still queued or
 * running is skipped or queued behind it, per the schedule's `overlap`. Dataset ticks request the newest partition
 * whose data is published at the tick (never a day before its data is final) under the partition's run key, so the
 * data-arrival sensor and the schedule never build the same partition twice.
 */
import { formatDay } from '../engine/dates.ts';
import { ASSETS } from './assets.ts';
import { freshPartitionKey } from './run-keys.ts';
import { latestAvailablePartition } from './freshness.ts';
import { formatJst, jstIso } from './jst.ts';
import { latestTickIn, nextTick, type ScheduleDef } from './schedule.ts';
import type { State } from './state/state.ts';

export type TickRecord = { lastTick: number; at: number; result: string; runId: number | null };
export type FiredTick = { schedule: string; tick: number; result: 'requested' | 'skipped' | 'deduplicated'; runId: number | null; partitions: string[] };

export type Scheduler = {
  /** Fires what is due at `now`; returns what happened. */
  poll(now: number): FiredTick[];
  /** The next instant any enabled schedule ticks, or Infinity. */
  nextWake(now: number): number;
  /** Each schedule with its last tick record and next tick. */
  status(now: number): { schedule: ScheduleDef; last: TickRecord | undefined; next: number | null; idle: string | null }[];
};

/** The partitions a tick of this job builds. */
export function partitionsForTick(job: string, tick: number): string[] {
  if (job === 'dataset' || job === 'feature_sync') return [formatDay(latestAvailablePartition(ASSETS.dataset.availableAfter, tick))];
  return [jstIso(tick)];
}

/** A scheduler over `schedules` keeping its ticks in `state`; `idle(schedule)` says why a schedule has nothing to run. */
export function createScheduler(schedules: readonly ScheduleDef[], state: State, log: (line: string) => void, idle: (s: ScheduleDef) => string | null = () => null): Scheduler {
  const enabled = schedules.filter((s) => s.enabled);
  const key = (s: ScheduleDef): string => `schedule/${s.name}`;
  return {
    poll(now) {
      const fired: FiredTick[] = [];
      for (const s of enabled) {
        const last = state.kv.get<TickRecord>(key(s));
        if (last === undefined) {
          // First start: ticks before it were never promised.
          state.kv.set(key(s), { lastTick: now, at: now, result: 'started', runId: null } satisfies TickRecord, now);
          continue;
        }
        const tick = latestTickIn(s, last.lastTick, now);
        if (tick === null) continue;
        const partitions = partitionsForTick(s.job, tick);
        const busy = state.runs.queued().concat(state.runs.running()).some((r) => r.job === s.job);
        let f: FiredTick;
        if (busy && s.overlap === 'skip') {
          f = { schedule: s.name, tick, result: 'skipped', runId: null, partitions };
        } else {
          const runKey = s.job === 'dataset' ? freshPartitionKey(partitions[0]!) : `schedule:${s.name}:${tick}`;
          const run = state.runs.request({ job: s.job, partitions, trigger: 'schedule', triggerName: s.name, runKey, params: s.params, tags: {} }, now);
          f = { schedule: s.name, tick, result: run === null ? 'deduplicated' : 'requested', runId: run?.id ?? null, partitions };
        }
        const missed = tick > last.lastTick && nextTick(s, last.lastTick) !== tick ? ' (latest of several missed ticks)' : '';
        log(`schedule ${s.name}: tick ${formatJst(tick)} ${f.result}${f.runId === null ? '' : ` run ${f.runId}`} [${partitions.join(', ')}]${missed}${f.result === 'skipped' ? ': a run of the job is still queued or running' : ''}`);
        state.kv.set(key(s), { lastTick: tick, at: now, result: f.result, runId: f.runId } satisfies TickRecord, now);
        fired.push(f);
      }
      return fired;
    },
    nextWake(now) {
      let best = Number.POSITIVE_INFINITY;
      for (const s of enabled) {
        const t = nextTick(s, now);
        if (t !== null && t < best) best = t;
      }
      return best;
    },
    status(now) {
      return schedules.map((s) => ({ schedule: s, last: state.kv.get<TickRecord>(key(s)), next: s.enabled ? nextTick(s, now) : null, idle: s.enabled ? idle(s) : 'disabled' }));
    },
  };
}
