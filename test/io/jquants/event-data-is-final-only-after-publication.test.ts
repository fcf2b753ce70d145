/**
 * The event endpoints' pieces are final only once their data can be complete (families.md §1-§4): weekly margin
 * after its publication on the 2nd business day of the next week, investor types after the business day on which
 * a correction dated that day is put into the API, and fins/summary by day on closed days too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, formatDay, parseDay, weekday } from '../../../engine/dates.ts';
import { isBusinessDay } from '../../../engine/calendar/tse-calendar.ts';
import { createClient } from '../../../io/jquants/client.ts';
import { ENDPOINTS, finalMinutes } from '../../../io/jquants/endpoints.ts';
import { lastFinalDay } from '../../../io/jquants/finality.ts';
import { startStandin, type Standin } from '../../../io/jquants/standin/server.ts';
import type { SampleMarket } from '../../../io/sample/market.ts';
import { canonical, fastClient, smallMarket, spanOf, tempDir } from './helpers.ts';

/** Epoch ms of `day` at hh:mm JST. */
const jst = (day: number, hh: number, mm = 0): number => Date.parse(`${formatDay(day)}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+09:00`);

describe('finality of the event endpoints', () => {
  it('keeps weekly margin of a Friday open until after its publication, across the 2019 Golden Week and year-end 2024', () => {
    const fm = finalMinutes(ENDPOINTS.marginInterest);
    // D = 2019-04-26 is published on P(D) = 2019-05-08 (families.md §2): not final then nor on the next day.
    const gw = dayOf(2019, 4, 26);
    expect(lastFinalDay(jst(dayOf(2019, 5, 8), 17), fm)).toBeLessThan(gw);
    expect(lastFinalDay(jst(dayOf(2019, 5, 9), 17), fm)).toBeLessThan(gw);
    expect(lastFinalDay(jst(dayOf(2019, 5, 10), 16, 30), fm)).toBe(gw);
    // D = 2024-12-27 is published on 2025-01-07.
    const ye = dayOf(2024, 12, 27);
    expect(lastFinalDay(jst(dayOf(2025, 1, 7), 17), fm)).toBeLessThan(ye);
    expect(lastFinalDay(jst(dayOf(2025, 1, 10), 17), fm)).toBe(ye);
    // A normal week: D = 2026-11-13 (Friday), published Tuesday 11-17; not final on the Saturday after D.
    const d = dayOf(2026, 11, 13);
    expect(lastFinalDay(jst(d + 1, 10), fm)).toBeLessThan(d);
    expect(lastFinalDay(jst(d + 4, 17), fm)).toBeLessThan(d);
  });

  it('keeps investor types of a Saturday open until after the next business day', () => {
    const fm = finalMinutes(ENDPOINTS.investorTypes);
    const sat = dayOf(2026, 11, 21);
    expect(lastFinalDay(jst(sat, 19), fm)).toBeLessThan(sat);
    // Monday 11-23 is a holiday: the correction is put into the API on Tuesday 11-24.
    expect(lastFinalDay(jst(dayOf(2026, 11, 24), 19), fm)).toBeLessThan(sat);
    expect(lastFinalDay(jst(sat + 11, 18), fm)).toBe(sat);
  });
});

describe('event fetches against the stand-in', () => {
  let m: SampleMarket;
  let s: Standin;
  let standinNow = 0;
  beforeAll(async () => {
    m = smallMarket(20, 30);
    s = await startStandin({ market: m, pageSize: 50, finsRateLimit: false, clock: { now: () => standinNow } });
  });
  afterAll(async () => {
    await s.close();
  });

  it('fetches weekly margin again after its publication when a run before it found nothing', async () => {
    const span = spanOf(m);
    const last = m.days[m.days.length - 1]!; // 2026-11-20, a Friday: the last week's reference day
    expect(weekday(last)).toBe(5);
    const dir = tempDir('margin-final');
    // Saturday 10:00 JST after D: the week of D is not published yet (the stand-in serves up to Thursday).
    standinNow = jst(last - 1, 20);
    const early = createClient(fastClient(s.url, { cacheDir: dir, now: () => jst(last + 1, 10) }));
    const a = await early.fetchMarginInterest(span);
    await early.close();
    expect(a.records.some((r) => r.Date === formatDay(last))).toBe(false);

    // Two weeks later the week is published: the next run asks again and gets it.
    standinNow = jst(last + 14, 17);
    const before = s.stats.byRoute[ENDPOINTS.marginInterest.path] ?? 0;
    const late = createClient(fastClient(s.url, { cacheDir: dir, now: () => jst(last + 14, 17) }));
    const b = await late.fetchMarginInterest(span);
    await late.close();
    expect((s.stats.byRoute[ENDPOINTS.marginInterest.path] ?? 0) - before).toBeGreaterThan(0);
    const lastWeek = b.records.filter((r) => r.Date === formatDay(last));
    expect(lastWeek.length).toBeGreaterThan(0);

    // Then it is final: a third run makes no request and returns the same records.
    const again = createClient(fastClient(s.url, { cacheDir: dir, now: () => jst(last + 14, 18) }));
    const c = await again.fetchMarginInterest(span);
    await again.close();
    expect(again.stats().requests).toBe(0);
    expect(canonical(c.records)).toBe(canonical(b.records));
  });

  it('fetches investor types again when a correction dated on a Saturday is published after a run on that Saturday', async () => {
    const span = spanOf(m);
    standinNow = jst(m.days[m.days.length - 1]! + 30, 12);
    const all = createClient(fastClient(s.url, { now: () => standinNow }));
    const truth = (await all.fetchInvestorTypes(span)).records;
    await all.close();
    const satPub = truth.map((r) => parseDay(String(r.PubDate))).filter((d) => weekday(d) === 6);
    expect(satPub.length).toBeGreaterThan(0);
    const sat = satPub[0]!;

    const dir = tempDir('flows-final');
    // Saturday 19:00 JST (after the 18:00 update): the Saturday correction is not in the API yet.
    standinNow = jst(sat - 1, 20);
    const early = createClient(fastClient(s.url, { cacheDir: dir, now: () => jst(sat, 19) }));
    const a = await early.fetchInvestorTypes({ from: span.from, to: formatDay(sat) });
    await early.close();
    expect(a.records.some((r) => r.PubDate === formatDay(sat))).toBe(false);

    standinNow = jst(sat + 12, 19);
    const late = createClient(fastClient(s.url, { cacheDir: dir, now: () => jst(sat + 12, 19) }));
    const b = await late.fetchInvestorTypes({ from: span.from, to: formatDay(sat) });
    await late.close();
    expect(late.stats().requests).toBeGreaterThan(0);
    const want = truth.filter((r) => parseDay(String(r.PubDate)) <= sat);
    expect(canonical(b.records, 'PubDate')).toBe(canonical(want, 'PubDate'));
  });

  it('fetches fins/summary by day on closed days too, the same records as by code', async () => {
    const span = spanOf(m);
    standinNow = jst(m.days[m.days.length - 1]! + 30, 12);
    const byDay = createClient(fastClient(s.url, { cacheDir: tempDir('fins-days'), now: () => standinNow }));
    const a = (await byDay.fetchFinsSummary(span)).records;
    await byDay.close();
    const byCode = createClient(fastClient(s.url, { cacheDir: tempDir('fins-codes'), now: () => standinNow }));
    const codes = [...new Set(m.bars.codes)];
    const b = (await byCode.fetchFinsSummary({ ...span, codes })).records;
    await byCode.close();
    const closed = a.filter((r) => !isBusinessDay(parseDay(String(r.DiscDate))));
    expect(closed.length).toBeGreaterThan(0);
    expect(canonical(a, 'DiscDate')).toBe(canonical(b, 'DiscDate'));
  });
});
