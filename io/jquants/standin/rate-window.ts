/**
 * Per-key rate limits as the real gateway applies them (spec §4.3): at most `limit` accepted requests in
 * any `windowMs` (a sliding window), answered 429 beyond. A key that keeps pushing (as many rejected as
 * allowed within one window) is locked out for `lockoutMs` (the real API blocks for about 5 minutes).
 */
/** `locking` is true on the one request that starts a lockout. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number; locked: boolean; locking: boolean };

export type RateWindow = { check(key: string, now: number): RateDecision };

/** A sliding-window limiter; `lockoutMs` 0 disables the lockout. */
export function makeRateWindow(limit: number, windowMs: number, lockoutMs: number): RateWindow {
  const accepted = new Map<string, number[]>();
  const rejected = new Map<string, number[]>();
  const lockedUntil = new Map<string, number>();
  const prune = (list: number[], now: number): void => {
    let i = 0;
    while (i < list.length && list[i]! <= now - windowMs) i++;
    if (i > 0) list.splice(0, i);
  };
  return {
    check(key: string, now: number): RateDecision {
      const until = lockedUntil.get(key) ?? 0;
      if (now < until) return { ok: false, retryAfterMs: until - now, locked: true, locking: false };
      const acc = accepted.get(key) ?? [];
      accepted.set(key, acc);
      prune(acc, now);
      if (acc.length < limit) {
        acc.push(now);
        return { ok: true };
      }
      const rej = rejected.get(key) ?? [];
      rejected.set(key, rej);
      prune(rej, now);
      rej.push(now);
      if (lockoutMs > 0 && rej.length >= limit) {
        lockedUntil.set(key, now + lockoutMs);
        rej.length = 0;
        return { ok: false, retryAfterMs: lockoutMs, locked: true, locking: true };
      }
      return { ok: false, retryAfterMs: acc[0]! + windowMs - now, locked: false, locking: false };
    },
  };
}
