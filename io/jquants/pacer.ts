/**
 * Even request pacing: a token bucket of burst 1, i.e. one start every `windowMs / limit` ms. Bursting a
 * minute's budget at once is what gets clients 429s (spec §4.3), so starts are spread out. Every attempt,
 * retries included, takes a slot. After a 429 the whole client pauses, not just the request that got it.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export type Pacer = {
  /** Reserves the next start slot and resolves when it comes; rejects if `signal` aborts while waiting. */
  take(signal?: AbortSignal): Promise<void>;
  /** Pushes every later slot at least `ms` into the future. */
  pause(ms: number): void;
};

// Timers may fire a millisecond early and requests reach the server with jitter; 2% slack keeps an
// evenly paced client under a sliding-window limit.
const SLACK = 1.02;

/** A pacer allowing `limit` starts per `windowMs`; with `limit` = Infinity it only honours pauses. */
export function makePacer(limit: number, windowMs: number): Pacer {
  if (!(limit > 0)) throw new Error(`pacer: limit must be > 0 (got ${limit})`);
  const interval = limit === Number.POSITIVE_INFINITY ? 0 : (windowMs / limit) * SLACK;
  let nextAt = 0;
  let pausedUntil = 0;
  return {
    async take(signal?: AbortSignal): Promise<void> {
      // A pause that arrives while we wait for our slot moves us behind it: loop until a slot after it.
      for (;;) {
        const now = performance.now();
        const slot = Math.max(now, nextAt, pausedUntil);
        nextAt = slot + interval;
        if (slot > now) await sleep(slot - now, undefined, { signal });
        else signal?.throwIfAborted();
        if (performance.now() >= pausedUntil) return;
      }
    },
    pause(ms: number): void {
      pausedUntil = Math.max(pausedUntil, performance.now() + ms);
    },
  };
}

/** A pacer that waits for all of `pacers` (e.g. the plan budget and the fins cap). */
export function allOf(pacers: readonly Pacer[]): Pacer {
  return {
    async take(signal?: AbortSignal): Promise<void> {
      await Promise.all(pacers.map((p) => p.take(signal)));
    },
    pause(ms: number): void {
      for (const p of pacers) p.pause(ms);
    },
  };
}
