/**
 * The request planner. For a code/date endpoint (daily bars and the like) over a set of business days it
 * compares two plans over what the cache lacks (final data only):
 *   per-day:  one request per business day with a missing (code, day), each returning every code;
 *   per-code: one request per code with missing days, `from` its first to `to` its last missing day.
 * and picks the one with fewer requests (per-day on a tie: a day's piece serves any later code set).
 * Range endpoints (TOPIX, calendar, investor types) are fetched in calendar-year pieces over missing days.
 * Counts are first pages; a long answer adds pagination pages.
 */
import { formatDay } from '../../engine/dates.ts';
import type { Piece } from './cache/piece.ts';
import { isCovered } from './coverage.ts';
import type { Endpoint } from './endpoints.ts';

export type Task = {
  series: string;
  /** Range the piece will cover (inclusive days). */
  from: number;
  to: number;
  params: Record<string, string>;
};

export type Strategy = 'per-day' | 'per-code' | 'per-year' | 'snapshot' | 'cached' | 'bulk';

export type FetchPlan = {
  endpoint: string;
  strategy: Strategy;
  /** First-page requests the plan makes. */
  requests: number;
  /** The request counts of both code/date plans (only for code/date endpoints). */
  compared?: { perDay: number; perCode: number };
  /** With strategy `bulk` (io/jquants/bulk/plan-bulk.ts): the files, their bytes, and the request plan it beat. */
  bulk?: { files: number; bytes: number; listed: boolean; requestPlan: { strategy: Strategy; requests: number } };
  days: number;
  codes: number | 'all';
  tasks: Task[];
};

/** Start of history for endpoints that return a code's whole history in one request (fins/summary). */
export const HISTORY_START = 0;

export type CodeDateInput = {
  endpoint: Endpoint;
  /** Business days asked for, ascending (already clipped to today). */
  days: Int32Array;
  /** Codes asked for, or null for every code. */
  codes: readonly string[] | null;
  /** Today in Japan: the `to` of whole-history requests. */
  today: number;
  dayPieces: ReadonlyMap<number, Piece>;
  codePieces: (code: string) => readonly Piece[];
};

/** Plans a code/date endpoint: see the file comment. */
export function planCodeDate(i: CodeDateInput): FetchPlan {
  const base = { endpoint: i.endpoint.path, days: i.days.length, codes: i.codes === null ? 'all' as const : i.codes.length };
  const dayFinal = new Uint8Array(i.days.length);
  for (let j = 0; j < i.days.length; j++) dayFinal[j] = isCovered(i.dayPieces.get(i.days[j]!), [], i.days[j]!) ? 1 : 0;
  if (i.codes === null) {
    const tasks: Task[] = [];
    for (let j = 0; j < i.days.length; j++) if (dayFinal[j] === 0) tasks.push(dayTask(i.days[j]!));
    return { ...base, strategy: tasks.length === 0 ? 'cached' : 'per-day', requests: tasks.length, tasks };
  }
  const missingDay = new Uint8Array(i.days.length);
  const codeTasks: Task[] = [];
  for (const code of i.codes) {
    const pieces = i.codePieces(code);
    let first = -1;
    let last = -1;
    for (let j = 0; j < i.days.length; j++) {
      if (dayFinal[j] === 1) continue;
      const d = i.days[j]!;
      if (isCovered(undefined, pieces, d)) continue;
      missingDay[j] = 1;
      if (first < 0) first = d;
      last = d;
    }
    if (first < 0) continue;
    codeTasks.push(i.endpoint.codeRange
      ? { series: code, from: first, to: last, params: { code, from: formatDay(first), to: formatDay(last) } }
      : { series: code, from: HISTORY_START, to: i.today, params: { code } });
  }
  const dayTasks: Task[] = [];
  for (let j = 0; j < i.days.length; j++) if (missingDay[j] === 1) dayTasks.push(dayTask(i.days[j]!));
  const compared = { perDay: dayTasks.length, perCode: codeTasks.length };
  if (dayTasks.length === 0) return { ...base, strategy: 'cached', requests: 0, compared, tasks: [] };
  const perCode = codeTasks.length < dayTasks.length;
  const tasks = perCode ? codeTasks : dayTasks;
  return { ...base, strategy: perCode ? 'per-code' : 'per-day', requests: tasks.length, compared, tasks };
}

function dayTask(d: number): Task {
  return { series: '*', from: d, to: d, params: { date: formatDay(d) } };
}

export type RangeInput = {
  endpoint: Endpoint;
  from: number;
  to: number;
  /** The series (fixed parameters) and its extra query parameters. */
  series: string;
  params: Record<string, string>;
  pieces: readonly Piece[];
};

/** Plans a range endpoint: one request per calendar year that has days without final cached data. */
export function planRange(i: RangeInput): FetchPlan {
  const tasks: Task[] = [];
  let first = -1;
  let last = -1;
  let year = -1;
  const flush = (): void => {
    if (first >= 0) tasks.push({ series: i.series, from: first, to: last, params: { ...i.params, from: formatDay(first), to: formatDay(last) } });
    first = -1;
  };
  for (let d = i.from; d <= i.to; d++) {
    const y = new Date(d * 86_400_000).getUTCFullYear();
    if (y !== year) {
      flush();
      year = y;
    }
    if (isCovered(undefined, i.pieces, d)) continue;
    if (first < 0) first = d;
    last = d;
  }
  flush();
  return {
    endpoint: i.endpoint.path, strategy: tasks.length === 0 ? 'cached' : 'per-year', requests: tasks.length,
    days: Math.max(0, i.to - i.from + 1), codes: 'all', tasks,
  };
}
