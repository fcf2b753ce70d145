/**
 * Issue 16 end to end: `gq run --families flows margin dmi statements` against the stand-in serving a market around
 * the 2022-04-04 restructuring, with the stand-in's hard cases (corrections, disclosure times around the 15:00
 * close, a missing DiscTime, disclosures on closed days, margin-alert corrections). Columns are non-null where
 * records exist, effective days follow families.md §1-§4, and the metadata records each family; a plan without
 * access leaves the family null and says why.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBusinessDay, nextBusinessDay } from '../../engine/calendar/tse-calendar.ts';
import { formatDay, parseDay } from '../../engine/dates.ts';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { hashInts } from '../../io/jquants/standin/hash.ts';
import { viewOf } from '../../io/jquants/standin/market-view.ts';
import { summaryRecordsOn } from '../../io/jquants/standin/synthetic/event-cases.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { readCsv } from '../golden/read-csv.ts';
import { cleanEnv, gq, type GqRun } from './run-gq.ts';

const KEY = 'sk-test-16-events';
const market = generateMarket({ codes: 16, days: 125, seed: 16, end: '2022-06-30' });
const first = formatDay(market.days[0]!);
const FAMILIES = ['flows', 'margin', 'dmi', 'statements'];
let premium: Standin;
let light: Standin;
let run: GqRun;
let rows: Record<string, string>[];
let meta: Record<string, any>;
let quality: Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), 'gq-events-'));

beforeAll(async () => {
  premium = await startStandin({ port: 0, key: KEY, plan: 'premium', market, rateLimit: false, finsRateLimit: false });
  light = await startStandin({ port: 0, key: KEY, plan: 'light', market, rateLimit: false, finsRateLimit: false });
  const env = cleanEnv({ JQUANTS_API_KEY: KEY, JQUANTS_API_BASE_URL: premium.url, JQUANTS_PLAN: 'premium' });
  // With the codes named the client fetches per code (a few requests) instead of per day over the look-back (800
  // days of fins at 60 requests a minute).
  run = await gq(['run', '--families', ...FAMILIES, '--codes', market.bars.codes.join(','), '--from', '2022-01-04', '--to', '2022-06-30', '--history-from', first, '--format', 'csv', '--workers', '2'], dir, env);
  if (run.code === 0) {
    rows = readCsv(join(dir, 'out', 'dataset.csv'));
    meta = JSON.parse(readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8'));
    quality = JSON.parse(readFileSync(join(dir, 'out', 'dataset.quality.json'), 'utf8'));
  }
}, 180_000);
afterAll(async () => { await premium.close(); await light.close(); });

/** A CSV cell as a number (NaN for an empty cell: null). */
const num = (s: string): number => (s === '' ? Number.NaN : Number(s));
const ofCode = (code: string): Record<string, string>[] => rows.filter((r) => r.Code === code);

describe('gq run --families flows margin dmi statements', () => {
  it('runs and writes the 50 event columns', () => {
    expect(run.code, run.stderr).toBe(0);
    for (const f of FAMILIES) expect(meta.event_families[f].status, f).toBe('present');
    const prefixes = Object.keys(rows[0]!).filter((c) => /^(flow|margin|dmi|stmt)_/.test(c));
    expect(prefixes.length).toBe(50);
  });

  it('records per family its source, effective-day rule and counts, corrections included', () => {
    for (const f of FAMILIES) {
      const m = meta.event_families[f];
      expect(m.effective_day, f).toMatch(/business day/);
      expect(m.counts.used, f).toBeGreaterThan(0);
      expect(m.counts.rejected, f).toBe(0);
      expect(m.counts).toHaveProperty('expired');
    }
    expect(meta.event_families.flows.endpoint).toBe('/equities/investor-types');
    expect(meta.event_families.flows.counts.corrected, 'investor-type corrections with a newer PubDate').toBeGreaterThan(0);
    expect(meta.event_families.dmi.counts.corrected, 'margin-alert corrections of an AppDate').toBeGreaterThan(0);
    expect(meta.event_families.statements.counts.corrected, 'restated 2Q documents').toBeGreaterThan(0);
    // "-" (no previous day) and "*" (ETF ratios) are counted per field in the quality report.
    expect(quality.event_sources['/markets/margin-alert'].non_numeric_per_field.LongOutChg).toBeGreaterThan(0);
    // An undecided dividend forecast ("-") is read as null and counted, not refused by the client.
    const fins = quality.event_sources['/fins/summary'].non_numeric_per_field;
    expect((fins.FDivAnn ?? 0) + (fins.NxFDivAnn ?? 0)).toBeGreaterThan(0);
  });

  it('gives weekly margin to the codes that have records and nothing to the others', () => {
    for (const [k, code] of market.bars.codes.entries()) {
      const r = ofCode(code);
      if (r.length === 0) continue;
      const has = hashInts(k, 7) % 3 !== 0; // the stand-in's rule for codes with weekly margin data
      expect(r.some((x) => x.margin_long_tot !== ''), code).toBe(has);
      if (!has) expect(r.every((x) => x.margin_short_long_ratio === '' && x.margin_days_since === ''), code).toBe(true);
    }
  });

  it('flags daily-alert rows and gives their balances', () => {
    const alert = rows.filter((r) => num(r.dmi_is_alert) === 1);
    expect(alert.length).toBeGreaterThan(0);
    expect(alert.every((r) => num(r.dmi_days_since_pub) === 1 && r.dmi_short_long_ratio !== '')).toBe(true);
    expect(rows.every((r) => num(r.dmi_is_alert) === 0 || num(r.dmi_is_alert) === 1), 'the flag is never null with the source present').toBe(true);
  });

  it('takes sections from the master as of each date: TSE1st weeks before 2022-04-04, none for two weeks, then Prime', () => {
    const prime = market.master.filter((m) => m.Mkt === '0111').map((m) => m.Code);
    const code = prime.find((c) => ofCode(c).length > 100)!;
    const r = ofCode(code);
    const at = (d: string): Record<string, string> => r.find((x) => x.Date === d)!;
    expect(at('2022-03-31').flow_foreign_net_ratio, 'a TSE1st week before the restructuring').not.toBe('');
    // The last TSE1st week becomes known after 2022-04-04; the first Prime week (04-04..08) is published the week after.
    expect(at('2022-04-04').flow_foreign_net_ratio).toBe('');
    expect(at('2022-04-12').flow_foreign_net_ratio).toBe('');
    expect(r.filter((x) => x.Date >= '2022-04-20').every((x) => x.flow_foreign_net_ratio !== ''), 'Prime weeks from their effective day').toBe(true);
    expect(at('2022-04-20').flow_foreign_net_ratio_4w, 'windows never join TSE1st and Prime weeks').toBe('');
  });

  it('makes each disclosure effective on its DiscDate before the 15:00 close and on the next business day otherwise', () => {
    const v = viewOf(market);
    let checked = 0;
    const times = new Set<string>();
    for (const [k, code] of market.bars.codes.entries()) {
      const r = ofCode(code);
      const byDate = new Map(r.map((x) => [x.Date, x]));
      for (let di = 0; di < market.days.length; di++) {
        for (const doc of summaryRecordsOn(v, k, di)) {
          if (doc.DocType !== `${doc.CurPerType}FinancialStatements_Consolidated_JP` || doc.DiscTime === '16:00:00') continue;
          const disc = parseDay(String(doc.DiscDate));
          const time = String(doc.DiscTime);
          // families.md §4.2, worked by hand: before 2024-11-05 the cutoff is 15:00, strict; no time means after it.
          const eff = isBusinessDay(disc) && time !== '' && time < '15:00' ? disc : nextBusinessDay(disc);
          const row = byDate.get(formatDay(eff));
          if (row === undefined) continue;
          expect(num(row.stmt_imp_statement), `${code} ${doc.DiscDate} ${time}`).toBe(1);
          expect(num(row.stmt_days_since_statement)).toBe(0);
          if (eff !== disc) expect(num(byDate.get(formatDay(disc))?.stmt_imp_statement ?? '0'), `${code} ${doc.DiscDate} ${time} not on its DiscDate`).toBe(0);
          times.add(time);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect([...times].sort()).toEqual(['', '14:59:59', '15:00:00', '15:29:00', '15:30:00', '18:00:00']);
  });

  it('leaves a family the plan cannot read null, says why in the metadata, and does not fail', async () => {
    const d = mkdtempSync(join(tmpdir(), 'gq-events-light-'));
    const env = cleanEnv({ JQUANTS_API_KEY: KEY, JQUANTS_API_BASE_URL: light.url, JQUANTS_PLAN: 'light' });
    const r = await gq(['run', '--families', 'margin', '--codes', market.bars.codes.slice(0, 3).join(','), '--from', '2022-06-01', '--to', '2022-06-30', '--history-from', first, '--format', 'csv', '--workers', '1'], d, env);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(d, 'out', 'dataset.metadata.json'), 'utf8'));
    expect(m.event_families.margin.status).toBe('absent');
    expect(m.event_families.margin.reason).toMatch(/light plan has no access to \/markets\/margin-interest/);
    const out = readCsv(join(d, 'out', 'dataset.csv'));
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((x) => x.margin_long_tot === '' && x.margin_issue_type === '')).toBe(true);
  }, 120_000);
});
