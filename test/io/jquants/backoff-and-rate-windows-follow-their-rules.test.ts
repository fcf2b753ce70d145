import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../io/jquants/backoff.ts';
import { planWindow } from '../../../io/jquants/plans.ts';
import { makeRateWindow } from '../../../io/jquants/standin/rate-window.ts';
import { dayOf, formatDay } from '../../../engine/dates.ts';

describe('backoff', () => {
  it('doubles from the base, caps, and jitters within the upper half', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelay(0, 1000, 30_000, () => 0.999999)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 0.5)).toBe(6000); // 8000: 4000 + 0.5 * 4000
    expect(backoffDelay(10, 1000, 30_000, () => 0)).toBe(15_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-20T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(['0'], now)).toBe(0);
    expect(parseRetryAfter('Fri, 20 Nov 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('stand-in rate window', () => {
  it('allows `limit` requests in any window, per key, and frees a slot when the oldest leaves', () => {
    const w = makeRateWindow(2, 1000, 0);
    expect(w.check('a', 0).ok).toBe(true);
    expect(w.check('a', 400).ok).toBe(true);
    expect(w.check('a', 999)).toEqual({ ok: false, retryAfterMs: 1, locked: false, locking: false });
    expect(w.check('b', 999).ok).toBe(true);
    expect(w.check('a', 1000).ok).toBe(true); // the request at 0 left the window
    expect(w.check('a', 1300).ok).toBe(false);
  });

  it('locks a key out after as many rejections as the limit within a window', () => {
    const w = makeRateWindow(2, 1000, 5000);
    w.check('a', 0);
    w.check('a', 1);
    expect(w.check('a', 2)).toMatchObject({ ok: false, locked: false });
    expect(w.check('a', 3)).toMatchObject({ ok: false, locked: true, locking: true, retryAfterMs: 5000 });
    expect(w.check('a', 2000)).toMatchObject({ ok: false, locked: true, locking: false, retryAfterMs: 3003 });
    expect(w.check('a', 5003).ok).toBe(true);
  });
});

describe('plan windows', () => {
  it('free: 12 weeks ago back to 2 years before that; paid: N years back, open-ended', () => {
    const today = dayOf(2026, 11, 20);
    const free = planWindow('free', 'bars', today)!;
    expect([formatDay(free.from), formatDay(free.to!)]).toEqual(['2024-08-28', '2026-08-28']);
    expect(planWindow('standard', 'bars', today)).toEqual({ from: dayOf(2016, 11, 20), to: null });
    expect(planWindow('free', 'light', today)).toBeNull();
    expect(planWindow('light', 'premium', today)).toBeNull();
    expect(formatDay(planWindow('light', 'bars', dayOf(2028, 2, 29))!.from)).toBe('2023-02-28'); // no Feb 29 in 2023
    expect(formatDay(planWindow('premium', 'premium', dayOf(2028, 2, 29))!.from)).toBe('2008-02-29');
  });
});
