/**
 * Reconciles the rule-based TSE calendar with J-Quants `/markets/calendar` records. The API is the
 * runtime truth: where it disagrees with the rules, it wins, and the disagreement is reported.
 */
import { formatDay, parseDay } from '../dates.ts';
import { ruleClosedReason, tseCalendar } from './tse-calendar.ts';
import { buildCalendar, type TradingCalendar } from './trading-calendar.ts';

/** One V2 `markets/calendar` record: HolDiv 0 closed, 1 open, 2 half-day (open), 3 closed with OSE holiday trading. */
export interface CalendarRecord {
  Date: string;
  HolDiv: string;
}

/** A date on which the rules and the API differ; `computed`/`api` say whether each calls it a business day. */
export interface CalendarDisagreement {
  date: string;
  computed: boolean;
  api: boolean;
  holDiv: string;
}

export interface Reconciliation {
  disagreements: CalendarDisagreement[];
  /** Day number -> is business day, for the disagreeing dates only (elsewhere the API equals the rules). */
  overrides: Map<number, boolean>;
}

export interface ReconciledCalendar extends TradingCalendar {
  disagreements: CalendarDisagreement[];
  /** First and last day the API records cover, or null without records. */
  coverage: { from: number; to: number } | null;
}

const OPEN_DIVS: Record<string, boolean> = { '0': false, '1': true, '2': true, '3': false };

/** Compares API calendar records with the rules; throws on a bad date or HolDiv, naming the record. */
export function reconcileCalendar(records: readonly CalendarRecord[]): Reconciliation {
  const disagreements: CalendarDisagreement[] = [];
  const overrides = new Map<number, boolean>();
  const seen = new Map<number, boolean>();
  for (const [i, r] of records.entries()) {
    const day = parseDay(String(r.Date));
    const api = OPEN_DIVS[String(r.HolDiv)];
    if (Number.isNaN(day)) throw new Error(`markets/calendar record ${i}: bad Date ${JSON.stringify(r.Date)}, expected YYYY-MM-DD`);
    if (api === undefined) {
      throw new Error(`markets/calendar record ${i} (${r.Date}): bad HolDiv ${JSON.stringify(r.HolDiv)}, expected "0", "1", "2" or "3"`);
    }
    const before = seen.get(day);
    if (before !== undefined && before !== api) throw new Error(`markets/calendar: conflicting records for ${formatDay(day)}`);
    if (before !== undefined) continue;
    seen.set(day, api);
    const computed = tseCalendar.isBusinessDay(day);
    if (computed !== api) {
      disagreements.push({ date: formatDay(day), computed, api, holDiv: String(r.HolDiv) });
      overrides.set(day, api);
    }
  }
  disagreements.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { disagreements, overrides };
}

/** A TSE calendar where the API records win on the dates they cover; the rules answer elsewhere. */
export function makeCalendar(records?: readonly CalendarRecord[]): ReconciledCalendar {
  if (records === undefined || records.length === 0) return { ...tseCalendar, disagreements: [], coverage: null };
  const { disagreements, overrides } = reconcileCalendar(records);
  let from = Infinity;
  let to = -Infinity;
  for (const r of records) {
    const day = parseDay(String(r.Date));
    if (day < from) from = day;
    if (day > to) to = day;
  }
  const holDivs = new Map(disagreements.map((d) => [parseDay(d.date), d.holDiv]));
  const calendar = overrides.size === 0 ? tseCalendar : buildCalendar((day) => {
    const open = overrides.get(day);
    if (open === undefined) return ruleClosedReason(day);
    return open ? null : `closed per J-Quants calendar (HolDiv "${holDivs.get(day)}")`;
  });
  return { ...calendar, disagreements, coverage: { from, to } };
}
