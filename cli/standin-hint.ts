/**
 * The `gq run` line `gq api-standin` prints: one that finishes quickly against it. Without options, gq run would assume
 * the free plan (5 requests a minute), end at today (after the stand-in's last day) and load history from the plan's
 * earliest day (20 years of empty by-date requests on premium): about two hours. The line names the stand-in's plan,
 * its first and last day (cut to the plan's window), and a cache folder of its own, so the stand-in's made-up bars
 * never land in the cache of the real API.
 */
import { formatDay } from '../engine/dates.ts';
import { planWindow, PLAN_RATE, type Plan } from '../io/jquants/plans.ts';

export type StandinHint = {
  url: string;
  plan: Plan;
  /** True when the stand-in takes only the key given with --key. */
  keyRequired: boolean;
  /** The market's first and last business day, and its codes (ascending). */
  first: number;
  last: number;
  codes: readonly string[];
  /** Names the cache folder: `.gq-cache/standin-<market>`. */
  market: string;
  /** Today in Japan (the plan window counts from it). */
  today: number;
};

/** Codes in the line on the free plan, whose 5 requests a minute make a by-date fetch of every code take hours. */
const FREE_CODES = 3;

/** The lines that say how to run gq against the stand-in. */
export function standinHint(h: StandinHint): string {
  const window = planWindow(h.plan, 'bars', h.today)!;
  const from = Math.max(h.first, window.from);
  const to = Math.min(h.last, window.to ?? h.last);
  if (from > to) return `its ${h.plan} plan serves bars from ${formatDay(window.from)} to ${formatDay(window.to!)}, outside the market (${formatDay(h.first)}..${formatDay(h.last)}): start it with --plan premium to use it with gq run\n`;
  const key = h.keyRequired ? '<the --key value>' : 'standin';
  const codes = h.plan === 'free' ? ` --codes ${h.codes.slice(0, FREE_CODES).map((c) => (c.endsWith('0') ? c.slice(0, 4) : c)).join(' ')}` : '';
  const line = `JQUANTS_API_BASE_URL=${h.url} JQUANTS_API_KEY=${key} npx gq run --plan ${h.plan} --history-from ${formatDay(from)} --to ${formatDay(to)}`
    + `${codes} --cache-dir .gq-cache/standin-${h.market}`;
  const pace = h.plan === 'free' ? ` (the free plan allows ${PLAN_RATE.free} requests a minute: ${FREE_CODES} codes take a minute or two)` : '';
  return `use it with: ${line}\n${pace === '' ? '' : `${pace.trim()}\n`}`;
}
