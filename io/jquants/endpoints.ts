/**
 * The V2 endpoints gq uses, described once: path, which plan window gates it (spec §4.5), how the client
 * partitions requests, which record field the date filters apply to, and when a day's data is final
 * (spec §5.5). The client and the stand-in both read this table.
 */
import type { WindowKind } from './plans.ts';

export type EndpointName =
  | 'bars' | 'topix' | 'master' | 'calendar' | 'investorTypes'
  | 'marginInterest' | 'marginAlert' | 'finsSummary' | 'finsDividend';

/**
 * - `code-date`: needs `code` or `date`; fetched one request per business day (all codes) or one per code.
 * - `range`: filtered by `from`/`to` only; fetched in calendar-year pieces.
 * - `snapshot`: one request per `date` (the listed master).
 */
export type Shape = 'code-date' | 'range' | 'snapshot';

export type Endpoint = {
  name: EndpointName;
  path: string;
  window: WindowKind;
  shape: Shape;
  /** A `code` request also takes `from`/`to` (fins/summary does not: it returns the code's whole history). */
  codeRange: boolean;
  /** The record field that `date`/`from`/`to` select on. */
  dateField: string;
  /** Minutes after 00:00 JST of day d when d's data is final: the update time of spec §5.5 (+1 day when overnight). */
  finalAfter: number;
  /**
   * Capped by the server at 60 requests per minute on every plan, on top of the plan budget (spec §4.3 names
   * fins/summary and fins/details). The client paces every /fins/ path at 60 to be safe (see pacer use).
   */
  finsCap: boolean;
  paginated: boolean;
};

const HM = (h: number, m: number): number => h * 60 + m;

/** The endpoints, by name. */
export const ENDPOINTS: Readonly<Record<EndpointName, Endpoint>> = {
  bars: { name: 'bars', path: '/equities/bars/daily', window: 'bars', shape: 'code-date', codeRange: true, dateField: 'Date', finalAfter: HM(16, 30), finsCap: false, paginated: true },
  topix: { name: 'topix', path: '/indices/bars/daily/topix', window: 'light', shape: 'range', codeRange: false, dateField: 'Date', finalAfter: HM(16, 30), finsCap: false, paginated: true },
  // The 17:30 snapshot may be refreshed at ~08:00 the next business day: final then.
  master: { name: 'master', path: '/equities/master', window: 'bars', shape: 'snapshot', codeRange: false, dateField: 'Date', finalAfter: HM(24 + 8, 0), finsCap: false, paginated: true },
  // The calendar is published a year ahead; a day's division is settled once the day has begun.
  calendar: { name: 'calendar', path: '/markets/calendar', window: 'calendar', shape: 'range', codeRange: false, dateField: 'Date', finalAfter: 0, finsCap: false, paginated: false },
  investorTypes: { name: 'investorTypes', path: '/equities/investor-types', window: 'light', shape: 'range', codeRange: false, dateField: 'PubDate', finalAfter: HM(18, 0), finsCap: false, paginated: true },
  marginInterest: { name: 'marginInterest', path: '/markets/margin-interest', window: 'standard', shape: 'code-date', codeRange: true, dateField: 'Date', finalAfter: HM(16, 30), finsCap: false, paginated: true },
  marginAlert: { name: 'marginAlert', path: '/markets/margin-alert', window: 'standard', shape: 'code-date', codeRange: true, dateField: 'PubDate', finalAfter: HM(16, 30), finsCap: false, paginated: true },
  // ~18:00 preliminary, ~24:30 final.
  finsSummary: { name: 'finsSummary', path: '/fins/summary', window: 'bars', shape: 'code-date', codeRange: false, dateField: 'DiscDate', finalAfter: HM(24, 30), finsCap: true, paginated: true },
  // Updated hourly from 12:00 to 19:00.
  finsDividend: { name: 'finsDividend', path: '/fins/dividend', window: 'premium', shape: 'code-date', codeRange: true, dateField: 'PubDate', finalAfter: HM(19, 0), finsCap: false, paginated: true },
};

/** The endpoint whose path is `path` (relative to /v2), or undefined. */
export function endpointOfPath(path: string): Endpoint | undefined {
  for (const e of Object.values(ENDPOINTS)) if (e.path === path) return e;
  return undefined;
}
