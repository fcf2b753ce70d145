/** Time as the daemon sees it: injectable, so a simulated fortnight runs in seconds and tests never wait on the wall. */
import { setTimeout as sleepReal } from 'node:timers/promises';

export type Clock = {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time, or early (without error) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

/** The wall clock. */
export const realClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    if (signal?.aborted) return;
    await sleepReal(Math.max(0, ms), undefined, { signal }).catch(() => undefined);
  },
};
