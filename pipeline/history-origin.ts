/**
 * The history origin: the first day every run computes a code from. EMA, Wilder (RSI, ATR) and MACD remember a
 * code's whole history, so a run that started its codes at `--from` minus a warm-up would give other numbers than
 * a run over the whole history. The origin is pinned once per raw cache (in `history.json` beside its manifest)
 * and never moves by itself; `--history-from D` sets it explicitly. The requested range only selects the rows written.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDay, parseDay } from '../engine/dates.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { GqError } from './errors.ts';

export const HISTORY_FILE = 'history.json';

export type HistoryOrigin = {
  /** Days since epoch. */
  from: number;
  /** How it was set: `pinned` (read from the cache), `new` (pinned by this run), `explicit` (--history-from). */
  how: 'pinned' | 'new' | 'explicit';
  /** The value before an explicit change, when it moved. */
  previous?: number;
};

/**
 * The origin of the raw cache in `dir`: the pinned one, else `fallback` (the earliest day the source allows now),
 * pinned by this call; `explicit` (from --history-from) replaces the pin, unless it is after `last` (the data's
 * last day), which is refused with the pin left as it was.
 */
export async function historyOrigin(dir: string, fallback: number, explicit?: number, last?: number): Promise<HistoryOrigin> {
  const path = join(dir, HISTORY_FILE);
  const pinned = readPinned(path);
  if (explicit !== undefined) {
    // Refused before anything is pinned: an origin after the data would leave every later run without rows.
    if (last !== undefined && explicit > last) throw new GqError('BAD_RANGE', `--history-from ${formatDay(explicit)} is after the last day of the data (${formatDay(last)}); the history origin was not changed`);
    if (pinned !== explicit) await pin(dir, path, explicit);
    return { from: explicit, how: 'explicit', previous: pinned !== undefined && pinned !== explicit ? pinned : undefined };
  }
  if (pinned !== undefined) return { from: pinned, how: 'pinned' };
  await pin(dir, path, fallback);
  return { from: fallback, how: 'new' };
}

function readPinned(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  let day = Number.NaN;
  try {
    const v = (JSON.parse(text) as { historyFrom?: unknown }).historyFrom;
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) day = parseDay(v);
  } catch {
    // reported below
  }
  if (Number.isNaN(day)) throw new GqError('BAD_CACHE', `${path} does not hold a history origin ({"historyFrom": "YYYY-MM-DD"}); fix it, or delete it to pin the earliest day the source allows`);
  return day;
}

async function pin(dir: string, path: string, day: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify({ historyFrom: formatDay(day), pinnedAt: new Date().toISOString() })}\n`);
}
