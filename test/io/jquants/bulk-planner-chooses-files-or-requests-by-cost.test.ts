import { describe, expect, it } from 'vitest';
import { businessDays } from '../../../engine/calendar/tse-calendar.ts';
import { parseDay } from '../../../engine/dates.ts';
import { fileSpan, type BulkFile } from '../../../io/jquants/bulk/bulk-files.ts';
import { choosePath, cover, worthListing, type PathInput } from '../../../io/jquants/bulk/choose-path.ts';
import { createClient } from '../../../io/jquants/client.ts';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import { parseRunOptions } from '../../../pipeline/run-options.ts';
import { fastClient, smallMarket, tempDir } from './helpers.ts';

// Day numbers worked out with Python's datetime: (date(y, m, d) - date(1970, 1, 1)).days.
const JAN_1_2026 = 20454;
const JAN_31_2026 = 20484;
const FEB_18_2026 = 20502;
const NOV_20_2026 = 20777;
// The Light plan: 60 requests a minute, paced with 2% slack: 1,020 ms a request.
const LIGHT_MS = 1020;

/** Ten years of business days up to 2026-11-20, every one missing, on the Light plan's pacing. */
function tenYears(extra: Partial<PathInput> = {}): PathInput {
  const missing = businessDays(parseDay('2016-12-01'), NOV_20_2026);
  return { mode: 'auto', access: true, intervalMs: LIGHT_MS, requests: missing.length, missing, today: NOV_20_2026, ...extra };
}

/** The files the real list would give for those days: a month file each before November, a day file each within it. */
function filesFor(missing: ArrayLike<number>): BulkFile[] {
  const out = new Map<string, BulkFile>();
  for (let j = 0; j < missing.length; j++) {
    const iso = new Date(missing[j]! * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const key = iso.startsWith('202611')
      ? `equities/bars/daily/live/equities_bars_daily_${iso}.csv.gz`
      : `equities/bars/daily/historical/${iso.slice(0, 4)}/equities_bars_daily_${iso.slice(0, 6)}.csv.gz`;
    const span = fileSpan(key)!;
    out.set(key, { key, lastModified: '', size: span.from === span.to ? 150_000 : 3_000_000, ...span });
  }
  return [...out.values()];
}

describe('the bulk planner', () => {
  it('reads the days a file covers from its name: a month, or one day', () => {
    // Keys as the official doc MCP's examples spell them (historical monthly, live daily).
    expect(fileSpan('equities/bars/daily/historical/2026/equities_bars_daily_202601.csv.gz')).toEqual({ from: JAN_1_2026, to: JAN_31_2026 });
    expect(fileSpan('equities/bars/daily/live/equities_bars_daily_20260218.csv.gz')).toEqual({ from: FEB_18_2026, to: FEB_18_2026 });
    expect(fileSpan('equities_bars_daily_202601.csv.gz')).toEqual({ from: JAN_1_2026, to: JAN_31_2026 });
    expect(fileSpan('prefix/equities_bars_daily_202613.csv.gz')).toBeNull();
    expect(fileSpan('readme.txt')).toBeNull();
  });

  it('takes files for a ten-year backfill on the Light plan: 134 requests instead of 2,400+', () => {
    const i = tenYears();
    // 119 monthly files (Dec 2016 .. Oct 2026) + 14 daily files of November 2026 + 1 list = 134 requests at least.
    const first = worthListing(i);
    expect(first.worth).toBe(true);
    expect(first.lowerMs).toBe(134 * LIGHT_MS);
    expect(first.requestMs).toBe(i.requests * LIGHT_MS);
    const c = choosePath(i, filesFor(i.missing));
    expect(c.path).toBe('bulk');
    expect(c.files.length).toBe(133);
    expect(c.rest).toEqual([]);
    // (1 + 133) x 1,020 ms + (119 x 3,000,000 + 14 x 150,000) bytes at 10,000 bytes/ms = 136,680 + 35,910.
    expect(c.bulkMs).toBe(136_680 + 35_910);
  });

  it('keeps by-date requests for a daily incremental run, without even listing the files', () => {
    const one = worthListing({ ...tenYears(), missing: [NOV_20_2026], requests: 1 });
    expect(one.worth).toBe(false);
    expect(one.lowerMs).toBe(2 * LIGHT_MS);
    expect(one.reason).toMatch(/1 request\(s\) cost no more than listing/);
  });

  it('keeps requests without pacing, on the Free plan, and with --no-bulk', () => {
    expect(worthListing(tenYears({ intervalMs: 0 })).worth).toBe(false);
    expect(worthListing(tenYears({ access: false })).reason).toMatch(/Light and up/);
    expect(worthListing(tenYears({ mode: 'off' })).reason).toMatch(/--no-bulk/);
    expect(choosePath(tenYears({ intervalMs: 0 }), filesFor(tenYears().missing)).path).toBe('requests');
  });

  it('covers missing days with a month file before day files, and leaves days no file covers to requests', () => {
    const month = { key: 'm', lastModified: '', size: 10, ...fileSpan('x_202601.csv.gz')! };
    const day = { key: 'd', lastModified: '', size: 1, ...fileSpan('x_20260105.csv.gz')! };
    const { files, rest } = cover([day, month], [JAN_1_2026 + 4, JAN_1_2026 + 5, FEB_18_2026]);
    expect(files.map((f) => f.key)).toEqual(['m']);
    expect(rest).toEqual([FEB_18_2026]);
  });

  it('--no-bulk turns bulk files off; the default lets the cost decide', () => {
    const parse = (flags: Record<string, unknown>) => parseRunOptions(flags, {}, '/tmp', ['gq', 'run'], false);
    expect(parse({ bulk: false }).bulk).toBe('off');
    expect(parse({}).bulk).toBe('auto');
  });

  it('a paced backfill goes through files; the next day\'s incremental run makes one by-date request and no list', async () => {
    const m = smallMarket(10, 50);
    const s = await startStandin({ market: m, today: '2026-11-20' });
    const dir = tempDir('bulk-incremental');
    // Paced at 600 a minute (100 ms a request): 49 by-date requests cost more than a list and 15 files.
    const o = fastClient(s.url, { cacheDir: dir, pacing: true, rate: { limit: 600, windowMs: 60_000 } });
    const c1 = createClient(o);
    const shown = await c1.planDailyBars({ from: '2026-09-01', to: '2026-11-19' });
    expect(shown.strategy).toBe('bulk');
    expect(s.stats.byRoute['/bulk/list'] ?? 0).toBe(0); // the plan shown before fetching lists nothing
    const backfill = await c1.fetchDailyBars({ from: '2026-09-01', to: '2026-11-19' });
    await c1.close();
    expect(backfill.plan.strategy).toBe('bulk');
    expect(backfill.plan.bulk!.requestPlan.requests).toBeGreaterThan(40);
    const lists = s.stats.byRoute['/bulk/list'];
    const bars = s.stats.byRoute['/equities/bars/daily'] ?? 0;
    const c2 = createClient(o);
    const next = await c2.fetchDailyBars({ from: '2026-09-01', to: '2026-11-20' });
    await c2.close();
    await s.close();
    expect(next.plan.strategy).toBe('per-day');
    expect(next.plan.requests).toBe(1);
    expect(s.stats.byRoute['/bulk/list']).toBe(lists);
    expect(s.stats.byRoute['/equities/bars/daily']).toBe(bars + 1);
  });
});
