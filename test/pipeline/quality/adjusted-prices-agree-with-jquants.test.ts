import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../../engine/assemble-panel.ts';
import { tseCalendar } from '../../../engine/calendar/tse-calendar.ts';
import { parseDay } from '../../../engine/dates.ts';
import type { Panel } from '../../../engine/panel.ts';
import type { BarRecord, TopixSeries } from '../../../engine/raw-bars.ts';
import { rawBarsFromRecords } from '../../../engine/raw-from-records.ts';
import { adjustmentDisagreements, checkPanelAdjustment, panelRowNames, rawRowNames } from '../../../pipeline/quality/adjustment-check.ts';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { findings } from './make-raw.ts';

const DATES = ['2024-01-04', '2024-01-05', '2024-01-09', '2024-01-10', '2024-01-11']; // 01-08 is a holiday

type Row = [O: number, H: number, L: number, C: number, Vo: number, AdjFactor: number, AdjO: number, AdjH: number, AdjL: number, AdjC: number, AdjVo: number];

/**
 * 72030: a 1:2 split on 2024-01-09 (AdjFactor 0.5 on the ex-date row). Earlier rows: prices x 0.5, volume x 2;
 * J-Quants' values worked by hand. 13010: a 1:4 split on the same day; 1001 x 0.25 = 250.25 and 1003 x 0.25 = 250.75,
 * which J-Quants publishes rounded half-up to 0.1 yen: 250.3 and 250.8.
 */
const TABLE: Record<string, Row[]> = {
  '72030': [
    [990, 1010, 985, 1000, 1000, 1, 495, 505, 492.5, 500, 2000],
    [1000, 1030, 995, 1020, 1200, 1, 500, 515, 497.5, 510, 2400],
    [512, 515, 505, 510, 2600, 0.5, 512, 515, 505, 510, 2600],
    [510, 522, 508, 520, 2000, 1, 510, 522, 508, 520, 2000],
    [520, 531, 518, 530, 1800, 1, 520, 531, 518, 530, 1800],
  ],
  '13010': [
    [1000, 1004, 996, 1001, 100, 1, 250, 251, 249, 250.3, 400],
    [1000, 1004, 996, 1003, 100, 1, 250, 251, 249, 250.8, 400],
    [250, 252, 249, 251, 500, 0.25, 250, 252, 249, 251, 500],
    [251, 253, 250, 252, 500, 1, 251, 253, 250, 252, 500],
    [252, 254, 251, 253, 500, 1, 252, 254, 251, 253, 500],
  ],
};

function records(): BarRecord[] {
  const out: BarRecord[] = [];
  for (const [Code, rows] of Object.entries(TABLE)) {
    rows.forEach(([O, H, L, C, Vo, AdjFactor, AdjO, AdjH, AdjL, AdjC, AdjVo], t) => {
      out.push({ Date: DATES[t]!, Code, O, H, L, C, UL: '0', LL: '0', Vo, Va: Vo * C, AdjFactor, AdjO, AdjH, AdjL, AdjC, AdjVo });
    });
  }
  return out;
}

/** Raw row of (code, day) in records() order (integer-like keys iterate ascending: 13010 first). */
const rowOf = (code: string, t: number): number => Object.keys(TABLE).indexOf(code) * 5 + t;

describe('gq\'s split adjustment against J-Quants\' Adj* columns', () => {
  it('agrees within J-Quants\' 0.1-yen rounding', () => {
    const v = validateRaw(rawBarsFromRecords(records()), { calendar: tseCalendar });
    expect(findings(v.results)).toEqual({});
    expect(v.adjustment!.compared).toBe(50);
  });

  it('reports a J-Quants value 0.15 yen off with code, date, field and both values', () => {
    const recs = records();
    recs[rowOf('13010', 1)]!.AdjC = 250.9;
    recs[rowOf('72030', 0)]!.AdjVo = 2001;
    const raw = rawBarsFromRecords(recs);
    const v = validateRaw(raw, { calendar: tseCalendar });
    // Found in (code, date) order: 13010 before 72030.
    expect(findings(v.results)).toEqual({ 'adjusted-mismatch': [rowOf('13010', 1), rowOf('72030', 0)] });
    expect(v.keep.every((k) => k === 1)).toBe(true);
    const found = adjustmentDisagreements(v.adjustment!, rawRowNames(raw));
    expect(found).toEqual([
      { Code: '13010', Date: '2024-01-05', field: 'AdjC', gq: 250.75, jquants: 250.9 },
      { Code: '72030', Date: '2024-01-04', field: 'AdjVo', gq: 2000, jquants: 2001 },
    ]);
  });

  it('reports every earlier row when the AdjFactor of the ex-date is missing', () => {
    const recs = records();
    recs[rowOf('72030', 2)]!.AdjFactor = 1;
    const v = validateRaw(rawBarsFromRecords(recs), { calendar: tseCalendar, skip: ['price-limit-expanded'] });
    // Days 0 and 1, five fields each: raw x 1 is twice J-Quants' price, raw volume half its volume.
    expect(v.adjustment!.rows.length).toBe(10);
    expect(new Set(v.adjustment!.rows)).toEqual(new Set([rowOf('72030', 0), rowOf('72030', 1)]));
  });
});

/** 72030's panel, adjusted by hand: rows 0-1 x 0.5 (volume / 0.5), factor 0.5; rows 2-4 as raw, factor 1. */
function handPanel(): Panel {
  const rows = TABLE['72030']!;
  const n = rows.length;
  const f64 = (pick: (r: Row, t: number) => number) => Float64Array.from(rows.map(pick));
  return {
    rows: n, codes: ['72030'], offsets: Int32Array.from([0, n]), code: new Int32Array(n), date: Int32Array.from(DATES.map(parseDay)),
    open: f64((r) => r[6]), high: f64((r) => r[7]), low: f64((r) => r[8]), close: f64((r) => r[9]), volume: f64((r) => r[10]),
    turnover: f64((r) => r[4] * r[3]), traded: new Uint8Array(n).fill(1), limit: new Int8Array(n),
    factor: Float64Array.from([0.5, 0.5, 1, 1, 1]), mkt: new Float64Array(n), rawRow: Int32Array.from([0, 1, 2, 3, 4].map((t) => rowOf('72030', t))),
  };
}

describe('the panel check (after assembly)', () => {
  it('finds nothing on a correctly adjusted panel, and names a planted error', () => {
    const raw = rawBarsFromRecords(records());
    const panel = handPanel();
    expect(checkPanelAdjustment(panel, raw).rows.length).toBe(0);
    panel.close[1] = 511;
    const m = checkPanelAdjustment(panel, raw);
    expect(adjustmentDisagreements(m, panelRowNames(panel))).toEqual([{ Code: '72030', Date: '2024-01-05', field: 'AdjC', gq: 511, jquants: 510 }]);
  });

  it('agrees with engine/assemble-panel.ts on the hand-worked table', () => {
    const raw = rawBarsFromRecords(records());
    const topix: TopixSeries = { date: Int32Array.from(DATES.map(parseDay)), open: new Float64Array(5), high: new Float64Array(5), low: new Float64Array(5), close: new Float64Array(5).fill(2000) };
    const { panel } = assemblePanel(raw, topix);
    const m = checkPanelAdjustment(panel, raw);
    expect(m.compared).toBe(50);
    expect(m.rows.length).toBe(0);
  });
});
