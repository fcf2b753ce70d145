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
  /** Minutes after 00:00 JST of day d when d's data is published: the update time of spec §5.5 (+1 day when overnight). */
  finalAfter: number;
  /**
   * Calendar days after d before d's data is final, on top of `finalAfter`: 0 when d's data is complete at its
   * update time; more when records dated d are published or corrected later (see FINAL_LAG_DAYS' comments).
   */
  finalLagDays: number;
  /** Records may be dated on closed days (not TSE business days): by-day fetches then ask for every calendar day. */
  closedDays: boolean;
  /**
   * Capped by the server at 60 requests per minute on every plan, on top of the plan budget (spec §4.3 names
   * fins/summary and fins/details). The client paces every /fins/ path at 60 to be safe (see pacer use).
   */
  finsCap: boolean;
  paginated: boolean;
};

const HM = (h: number, m: number): number => h * 60 + m;

/**
 * Investor types (families.md §1): a correction dated PubDate p is put into the API on the business day after p, and
 * p may be a Saturday. next_bd(p) is at most 11 calendar days after p (the 2019 Golden Week: Friday 04-26 ->
 * Tuesday 05-07), so a day is final 11 days after it, at the 18:00 update.
 */
const INVESTOR_TYPES_LAG = 11;
/**
 * Weekly margin (families.md §2): the week whose reference day is D is published on P(D), the 2nd business day of
 * the next week with at least 2 business days (D + 12 in the 2019 Golden Week, D + 11 over year-end 2024), and
 * J-Quants overwrites corrections in place. A day is final 14 days after it, at the 16:30 update: after the latest
 * known publication with two days to spare ("possibly on another schedule around long holidays"), and corrections
 * made in that time are fetched again.
 */
const WEEKLY_MARGIN_LAG = 14;

/** The endpoints, by name. */
export const ENDPOINTS: Readonly<Record<EndpointName, Endpoint>> = {
  bars: { name: 'bars', path: '/equities/bars/daily', window: 'bars', shape: 'code-date', codeRange: true, dateField: 'Date', finalAfter: HM(16, 30), finsCap: false, finalLagDays: 0, closedDays: false, paginated: true },
  topix: { name: 'topix', path: '/indices/bars/daily/topix', window: 'light', shape: 'range', codeRange: false, dateField: 'Date', finalAfter: HM(16, 30), finsCap: false, finalLagDays: 0, closedDays: false, paginated: true },
  // The 17:30 snapshot may be refreshed at ~08:00 the next business day: final then.
  master: { name: 'master', path: '/equities/master', window: 'bars', shape: 'snapshot', codeRange: false, dateField: 'Date', finalAfter: HM(24 + 8, 0), finsCap: false, finalLagDays: 0, closedDays: false, paginated: true },
  // The calendar is published a year ahead; a day's division is settled once the day has begun.
  calendar: { name: 'calendar', path: '/markets/calendar', window: 'calendar', shape: 'range', codeRange: false, dateField: 'Date', finalAfter: 0, finsCap: false, finalLagDays: 0, closedDays: false, paginated: false },
  investorTypes: { name: 'investorTypes', path: '/equities/investor-types', window: 'light', shape: 'range', codeRange: false, dateField: 'PubDate', finalAfter: HM(18, 0), finsCap: false, finalLagDays: INVESTOR_TYPES_LAG, closedDays: false, paginated: true },
  marginInterest: { name: 'marginInterest', path: '/markets/margin-interest', window: 'standard', shape: 'code-date', codeRange: true, dateField: 'Date', finalAfter: HM(16, 30), finsCap: false, finalLagDays: WEEKLY_MARGIN_LAG, closedDays: false, paginated: true },
  marginAlert: { name: 'marginAlert', path: '/markets/margin-alert', window: 'standard', shape: 'code-date', codeRange: true, dateField: 'PubDate', finalAfter: HM(16, 30), finsCap: false, finalLagDays: 0, closedDays: false, paginated: true },
  // ~18:00 preliminary, ~24:30 final.
  finsSummary: { name: 'finsSummary', path: '/fins/summary', window: 'bars', shape: 'code-date', codeRange: false, dateField: 'DiscDate', finalAfter: HM(24, 30), finsCap: true, finalLagDays: 0, closedDays: true, paginated: true },
  // Updated hourly from 12:00 to 19:00.
  finsDividend: { name: 'finsDividend', path: '/fins/dividend', window: 'premium', shape: 'code-date', codeRange: true, dateField: 'PubDate', finalAfter: HM(19, 0), finsCap: false, finalLagDays: 0, closedDays: false, paginated: true },
};

/** Minutes after 00:00 JST of day d when d's data is final: the update time plus the endpoint's lag in days. */
export function finalMinutes(e: Endpoint): number {
  return e.finalAfter + e.finalLagDays * 24 * 60;
}

/** The endpoint whose path is `path` (relative to /v2), or undefined. */
export function endpointOfPath(path: string): Endpoint | undefined {
  for (const e of Object.values(ENDPOINTS)) if (e.path === path) return e;
  return undefined;
}
