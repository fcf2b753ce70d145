/**
 * The plan data window of the stand-in (spec §4.5): asking for a date, or a from/to bound, outside the
 * window answers 400 "Your subscription covers the following dates: ..." (a request with neither is served
 * clipped to the window). Whether the real API refuses a range that only partly leaves the window is
 * unconfirmed; the stand-in refuses it, so the client's plain message is exercised.
 */
import { planWindow, planWindowMessage, type Plan, type WindowKind } from '../plans.ts';
import type { BadRequest } from './params.ts';

export type Span = { from: number; to: number };

/** The span to serve for the given date bounds, or the 400 when a bound lies outside the window. */
export function checkWindow(plan: Plan, kind: WindowKind, today: number, bounds: { date?: number; from?: number; to?: number }): Span | BadRequest {
  const w = planWindow(plan, kind, today);
  if (w === null) throw new Error(`stand-in: plan ${plan} has no ${kind} access; check access first`);
  const hi = w.to ?? Number.MAX_SAFE_INTEGER;
  const outside = (d: number | undefined): boolean => d !== undefined && (d < w.from || d > hi);
  if (outside(bounds.date) || outside(bounds.from) || outside(bounds.to)) return { status: 400, message: planWindowMessage(w) };
  if (bounds.date !== undefined) return { from: bounds.date, to: bounds.date };
  return { from: Math.max(w.from, bounds.from ?? w.from), to: Math.min(hi, bounds.to ?? hi) };
}
