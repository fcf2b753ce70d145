/**
 * An injectable "now" for the stand-in (tests of the daemon's sensors): a day's bars and TOPIX are served only from
 * their publication time on (the endpoint table's update time, plus an optional delay, as when J-Quants is late), and
 * the plan windows count from the clock's today. Without a clock the stand-in serves every day of its market.
 */
import { ENDPOINTS } from '../endpoints.ts';
import { lastFinalDay } from '../finality.ts';
import { formatDay, parseDay } from '../../../engine/dates.ts';

export type StandinClock = {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Minutes after the endpoint's update time before a day's data appears. Default 0. */
  delayMinutes?: number;
};

const GATED = new Map<string, number>([[ENDPOINTS.bars.path, ENDPOINTS.bars.finalAfter], [ENDPOINTS.topix.path, ENDPOINTS.topix.finalAfter]]);

/**
 * For a request on `route` at the clock's now: 'empty' when everything it asks for is not yet published; otherwise
 * null, after narrowing its `to` (or a missing one) to the last published day.
 */
export function gateUnpublished(clock: StandinClock, route: string, q: URLSearchParams): 'empty' | null {
  const finalAfter = GATED.get(route);
  if (finalAfter === undefined) return null;
  const last = lastFinalDay(clock.now(), finalAfter + (clock.delayMinutes ?? 0));
  const date = q.get('date');
  if (date !== null && date !== '') return parseDay(date) > last ? 'empty' : null;
  const from = q.get('from');
  if (from !== null && from !== '' && parseDay(from) > last) return 'empty';
  const to = q.get('to');
  if (to === null || to === '' || parseDay(to) > last) q.set('to', formatDay(last));
  return null;
}
