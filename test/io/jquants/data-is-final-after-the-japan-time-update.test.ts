import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../engine/dates.ts';
import { ENDPOINTS } from '../../../io/jquants/endpoints.ts';
import { lastFinalDay, todayJst } from '../../../io/jquants/finality.ts';

const D = dayOf(2026, 11, 20);
const utc = (iso: string): number => Date.parse(iso);

describe('finality in Japan time', () => {
  it('today in Japan turns at 15:00 UTC', () => {
    expect(todayJst(utc('2026-11-20T14:59:59Z'))).toBe(D);
    expect(todayJst(utc('2026-11-20T15:00:00Z'))).toBe(D + 1);
  });

  it('daily bars of a day are final from 16:30 JST (07:30 UTC) that day', () => {
    const after = ENDPOINTS.bars.finalAfter;
    expect(lastFinalDay(utc('2026-11-20T07:29:59Z'), after)).toBe(D - 1);
    expect(lastFinalDay(utc('2026-11-20T07:30:00Z'), after)).toBe(D);
  });

  it('fins/summary is final at 00:30 JST the next day (15:30 UTC the same day)', () => {
    const after = ENDPOINTS.finsSummary.finalAfter;
    expect(lastFinalDay(utc('2026-11-20T15:29:00Z'), after)).toBe(D - 1);
    expect(lastFinalDay(utc('2026-11-20T15:30:00Z'), after)).toBe(D);
  });

  it('the master snapshot of a day is final at 08:00 JST the next day (23:00 UTC the same day)', () => {
    const after = ENDPOINTS.master.finalAfter;
    expect(lastFinalDay(utc('2026-11-20T22:59:00Z'), after)).toBe(D - 1);
    expect(lastFinalDay(utc('2026-11-20T23:00:00Z'), after)).toBe(D);
  });
});
