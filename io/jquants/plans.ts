/**
 * J-Quants V2 subscription plans: per-minute request limits (spec §4.3) and data windows (spec §4.5).
 * Shared by the client (pacing, plain error messages) and the stand-in (429s and 400s).
 */
import { dayOf, formatDay } from '../../engine/dates.ts';

export type Plan = 'free' | 'light' | 'standard' | 'premium';

/** Plan names, cheapest first. */
export const PLANS: readonly Plan[] = ['free', 'light', 'standard', 'premium'];

/** Requests per minute of each plan (official rate-limits page). */
export const PLAN_RATE: Readonly<Record<Plan, number>> = { free: 5, light: 60, standard: 120, premium: 500 };

/** Per-endpoint cap that applies on every plan (fins/summary and fins/details: 60 per minute). */
export const FINS_RATE = 60;

/** True for a known plan name. */
export function isPlan(s: string): s is Plan {
  return (PLANS as readonly string[]).includes(s);
}

/** Which data window applies to a dataset (rows of the table in spec §4.5). */
export type WindowKind = 'bars' | 'calendar' | 'light' | 'standard' | 'premium';

/** Years of history per plan for each window kind; 0 = the plan has no access. Free is special-cased below. */
const YEARS: Readonly<Record<WindowKind, Readonly<Record<Plan, number>>>> = {
  bars: { free: 2, light: 5, standard: 10, premium: 20 },
  calendar: { free: 2, light: 5, standard: 10, premium: 20 },
  light: { free: 0, light: 5, standard: 10, premium: 20 },
  standard: { free: 0, light: 0, standard: 10, premium: 20 },
  premium: { free: 0, light: 0, standard: 0, premium: 20 },
};

/** A plan's data window: inclusive days; `to` is null when it is open-ended (paid plans run to the present). */
export type DataWindow = { from: number; to: number | null };

/** True when the plan may call an endpoint of this window kind at all. */
export function planHasAccess(plan: Plan, kind: WindowKind): boolean {
  return YEARS[kind][plan] > 0;
}

/**
 * The window of dates a plan may ask for on `today` (a day number), or null without access.
 * Free: 12 weeks ago back to 2 years 12 weeks ago. Paid: N years back, open-ended forward
 * (the trading calendar runs to the end of next year, which open-ended covers).
 */
export function planWindow(plan: Plan, kind: WindowKind, today: number): DataWindow | null {
  const years = YEARS[kind][plan];
  if (years === 0) return null;
  if (plan === 'free') {
    const to = today - 84;
    return { from: yearsBefore(to, 2), to };
  }
  return { from: yearsBefore(today, years), to: null };
}

/** The message the API sends for a request outside the plan window (spec §4.2, both forms). */
export function planWindowMessage(w: DataWindow): string {
  const to = w.to === null ? '' : formatDay(w.to);
  return `Your subscription covers the following dates: ${formatDay(w.from)} ~ ${to}. If you want more data, please check other plans:https://jpx-jquants.com/#dataset`;
}

/** The same calendar date `n` years earlier (Feb 29 becomes Feb 28). */
function yearsBefore(day: number, n: number): number {
  const d = new Date(day * 86_400_000);
  const y = d.getUTCFullYear() - n;
  const m = d.getUTCMonth() + 1;
  const dd = Math.min(d.getUTCDate(), m === 2 && !isLeap(y) ? 28 : 31);
  return dayOf(y, m, dd);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
