/** Perturbations of the event fixture for the leak and boundary tests (families.md §10.1, §10.2). */
import { tseCalendar } from '../../engine/calendar/tse-calendar.ts';
import { parseDay } from '../../engine/dates.ts';
import { bdOrdinals } from '../../engine/events/bd-ordinals.ts';
import { effStatement, effWeeklyMargin, HALF_DAYS, timeSeconds } from '../../engine/events/effective-days.ts';
import type { EventInput } from './events-fixture.ts';

export type Source = 'investor_types' | 'margin_interest' | 'margin_alert' | 'fins_summary';
export const SOURCES: readonly Source[] = ['investor_types', 'margin_interest', 'margin_alert', 'fins_summary'];
export const FAMILY_OF: Readonly<Record<Source, string>> = { investor_types: 'flows', margin_interest: 'margin', margin_alert: 'dmi', fins_summary: 'statements' };

const ord = bdOrdinals(tseCalendar, parseDay('2019-01-01'), parseDay('2026-12-31'));
/** Keys that identify a record (never perturbed in place: corrections and additions cover them). */
const IDENTITY = new Set(['PubDate', 'StDate', 'EnDate', 'Section', 'Date', 'Code', 'AppDate', 'DiscDate', 'DiscTime', 'DiscNo', 'DocType', 'CurPerType', 'CurPerSt', 'CurPerEn', 'CurFYSt', 'CurFYEn', 'NxtFYSt', 'NxtFYEn', 'PubReason', 'IssType', 'TSEMrgnRegCls']);

/** A record's effective day (calendar day) by the spec's rule for its source. */
export function effDay(src: Source, r: Record<string, unknown>): number {
  let d = memo.get(r);
  if (d === undefined) memo.set(r, d = effOf(src, r));
  return d;
}

const memo = new WeakMap<Record<string, unknown>, number>();

function effOf(src: Source, r: Record<string, unknown>): number {
  const o = src === 'investor_types' || src === 'margin_alert' ? ord.next(parseDay(String(r.PubDate)))
    : src === 'margin_interest' ? effWeeklyMargin(ord, tseCalendar, parseDay(String(r.Date)))
      : effStatement(ord, parseDay(String(r.DiscDate)), timeSeconds(r.DiscTime), HALF_DAYS);
  return ord.days[o]!;
}

/** Scales numbers, flips signs, and empties some strings of one record (identity keys kept). */
export function scramble(r: Record<string, unknown>, salt: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  let i = salt;
  for (const [k, v] of Object.entries(r)) {
    if (IDENTITY.has(k)) continue;
    i++;
    if (typeof v === 'number') out[k] = i % 3 === 0 ? -v * 1.7 : v * 2.3 + 1;
    else if (typeof v === 'string' && v !== '') out[k] = i % 4 === 0 ? '' : /^[-+.\d]+$/.test(v) ? String(Number(v) * -1.3 + 7) : v;
  }
  return out;
}

/** The day before which nothing moves: a copy of `inp` with every record of `src` effective after day t perturbed. */
export function perturbAfter(inp: EventInput, src: Source, t: number): EventInput {
  const recs = inp[src];
  const out: Record<string, unknown>[] = [];
  recs.forEach((r, i) => {
    if (effDay(src, r) <= t) { out.push(r); return; }
    if (i % 7 === 3) return; // deleted
    out.push(scramble(r, i));
    if (i % 5 === 1) out.push(scramble(r, i + 11)); // an added duplicate / correction of a future object
  });
  // Corrections, published after t, of objects already known before t.
  const tIso = new Date(t * 86_400_000).toISOString().slice(0, 10);
  const known = recs.filter((r) => effDay(src, r) <= t).slice(-3);
  for (const [j, r] of known.entries()) {
    if (src === 'investor_types' || src === 'margin_alert') out.push(scramble({ ...r, PubDate: tIso }, j));
    else if (src === 'fins_summary') out.push(scramble({ ...r, DiscDate: tIso, DiscTime: '16:00', DiscNo: `${String(r.DiscNo)}7` }, j));
    // Weekly margin has no publication date: a record is after t only through its own Date (§10.1).
    else out.push(scramble({ ...r, Date: tIso }, j));
  }
  return { ...inp, [src]: out };
}
