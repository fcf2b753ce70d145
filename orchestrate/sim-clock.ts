/** A clock that moves only when told to: `advance` wakes the sleepers in time order. For tests and benches. */
import type { Clock } from './clock.ts';

export type SimClock = Clock & {
  /** Moves time forward by `ms`, resolving each sleeper whose time has come (yielding to the event loop between). */
  advance(ms: number): Promise<void>;
  /** Moves time to `ms` (never backwards). */
  set(ms: number): Promise<void>;
  /** Sleepers waiting now. */
  sleepers(): number;
};

type Sleeper = { at: number; resolve: () => void };

/** A simulated clock starting at `startMs`. */
export function simClock(startMs: number): SimClock {
  let now = startMs;
  let sleepers: Sleeper[] = [];
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  const clock: SimClock = {
    now: () => now,
    sleep(ms, signal) {
      if (signal?.aborted || ms <= 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const s: Sleeper = { at: now + Math.max(0, ms), resolve };
        sleepers.push(s);
        signal?.addEventListener('abort', () => {
          sleepers = sleepers.filter((x) => x !== s);
          resolve();
        }, { once: true });
      });
    },
    async advance(ms) {
      await clock.set(now + ms);
    },
    async set(target) {
      for (;;) {
        const due = sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        now = Math.max(now, due.at);
        sleepers = sleepers.filter((s) => s !== due);
        due.resolve();
        await flush();
      }
      now = Math.max(now, target);
      await flush();
    },
    sleepers: () => sleepers.length,
  };
  return clock;
}
