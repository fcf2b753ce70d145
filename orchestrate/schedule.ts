/**
 * Schedules: a cron pattern in Asia/Tokyo (croner) filtered by the TSE calendar. A tick on a day the exchange is
 * closed (weekend, holiday, Dec 31 - Jan 3) is skipped by gq's calendar, not by a weekday pattern. Ticks are computed,
 * never waited on by croner's own timers, so any clock (the wall or a simulated one) drives them.
 */
import { Cron } from 'croner';
import { isBusinessDay } from '../engine/calendar/tse-calendar.ts';
import { jstDay } from './jst.ts';

export const ZONE = 'Asia/Tokyo';

export type ScheduleDef = {
  name: string;
  /** Five- or six-field cron pattern, read in Asia/Tokyo. */
  cron: string;
  /** `tse`: fire only on TSE business days; `all`: every day the pattern matches. */
  days: 'tse' | 'all';
  job: string;
  /** What a tick does while a run of the same job is still queued or running: skip the tick, or queue behind it. */
  overlap: 'skip' | 'wait';
  /** Job parameters (e.g. `command` of a command job). */
  params?: Record<string, unknown>;
  enabled: boolean;
};

/** The seed system's three schedules. */
export const DEFAULT_SCHEDULES: readonly ScheduleDef[] = [
  { name: 'daily_pipeline', cron: '0 19 * * *', days: 'tse', job: 'dataset', overlap: 'skip', enabled: true },
  { name: 'feature_sync', cron: '0 20 * * *', days: 'tse', job: 'feature_sync', overlap: 'skip', enabled: true },
  { name: 'weekly_ml_training', cron: '0 2 * * 0', days: 'all', job: 'train', overlap: 'skip', enabled: true },
];

const crons = new Map<string, Cron>();

function cronOf(pattern: string): Cron {
  let c = crons.get(pattern);
  if (c === undefined) {
    c = new Cron(pattern, { timezone: ZONE, paused: true });
    crons.set(pattern, c);
  }
  return c;
}

/** Throws a one-line error when the pattern is not a valid cron pattern. */
export function checkPattern(pattern: string): void {
  cronOf(pattern);
}

/** True when the schedule fires at this instant's day (the pattern's own match is assumed). */
export function firesOnDay(s: ScheduleDef, ms: number): boolean {
  return s.days === 'all' || isBusinessDay(jstDay(ms));
}

/** The first tick strictly after `afterMs`, or null when there is none within ~2 years. */
export function nextTick(s: ScheduleDef, afterMs: number): number | null {
  const c = cronOf(s.cron);
  let from = new Date(afterMs);
  for (let i = 0; i < 800; i++) {
    const next = c.nextRun(from);
    if (next === null) return null;
    const t = next.getTime();
    if (firesOnDay(s, t)) return t;
    from = next;
  }
  return null;
}

/** The latest tick in (afterMs, nowMs], or null: after downtime only this one runs, not every missed tick. */
export function latestTickIn(s: ScheduleDef, afterMs: number, nowMs: number): number | null {
  let last: number | null = null;
  let t = nextTick(s, afterMs);
  for (let i = 0; t !== null && t <= nowMs && i < 100_000; i++) {
    last = t;
    t = nextTick(s, t);
  }
  return last;
}
