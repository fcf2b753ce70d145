/** A small clean RawBars built by hand (3 codes x 40 weekdays), and helpers to plant one defect at a time. */
import { dayOf, weekday } from '../../../engine/dates.ts';
import type { RawBars } from '../../../engine/raw-bars.ts';
import type { Calendar, CheckResult } from '../../../pipeline/quality/check-types.ts';

/** 2023-05-08 (a Monday) .. 2023-06-30: 40 weekdays with no Japanese holiday, so both calendars agree. */
export const START = dayOf(2023, 5, 8);
export const CODES = ['72030', '130A0', '86970'];
export const DAYS = 40;
/** Starting closes: tiers 1,000-1,500 (W 300), 200-500 (W 80), 5,000-7,000 (W 1,000). */
const FIRST_CLOSE = [1100, 250, 5500];

/** Monday..Friday, a stand-in TSE calendar for ranges without holidays. */
export const weekdays: Calendar = { isBusinessDay: (d) => weekday(d) >= 1 && weekday(d) <= 5 };

/** The i-th weekday from START. */
export function dayAt(i: number): number {
  return START + Math.floor(i / 5) * 7 + (i % 5);
}

/** Row of (code k, day t): rows arrive by date, codes in dictionary order within a date, as J-Quants pages by date. */
export function rowOf(k: number, t: number): number {
  return t * CODES.length + k;
}

/** Moves of -1 %, -0.5 %, 0, +0.5 %, +1 % in a fixed cycle: well inside every daily limit. */
const STEPS = [0.01, -0.005, 0, -0.01, 0.005];

/** The clean table: OHLC consistent, L < min(O, C), H > max(O, C), UL/LL 0, AdjFactor 1, Adj* = raw. */
export function cleanRaw(): RawBars {
  const n = CODES.length * DAYS;
  const f = (): Float64Array => new Float64Array(n);
  const raw: RawBars = {
    rows: n, codes: [...CODES], code: new Int32Array(n), date: new Int32Array(n),
    open: f(), high: f(), low: f(), close: f(), volume: f(), turnover: f(),
    adjFactor: f().fill(1), upperLimit: new Uint8Array(n), lowerLimit: new Uint8Array(n),
    adjOpen: f(), adjHigh: f(), adjLow: f(), adjClose: f(), adjVolume: f(),
  };
  for (let k = 0; k < CODES.length; k++) {
    let prev = FIRST_CLOSE[k]!;
    for (let t = 0; t < DAYS; t++) {
      const r = rowOf(k, t);
      const c = Math.round(prev * (1 + STEPS[(t + k) % STEPS.length]!));
      raw.code[r] = k;
      raw.date[r] = dayAt(t);
      setBar(raw, r, { O: prev, H: Math.max(prev, c) + 2, L: Math.min(prev, c) - 2, C: c, Vo: 1000 + 10 * t });
      prev = c;
    }
  }
  return raw;
}

export type Bar = { O: number; H: number; L: number; C: number; Vo: number; Va?: number };

/** Overwrites one row's OHLCV (Va = Vo x C unless given) and keeps Adj* equal to raw (AdjFactor 1 everywhere). */
export function setBar(raw: RawBars, r: number, b: Bar): void {
  raw.open[r] = b.O;
  raw.high[r] = b.H;
  raw.low[r] = b.L;
  raw.close[r] = b.C;
  raw.volume[r] = b.Vo;
  raw.turnover[r] = b.Va ?? b.Vo * b.C;
  raw.adjOpen![r] = b.O;
  raw.adjHigh![r] = b.H;
  raw.adjLow![r] = b.L;
  raw.adjClose![r] = b.C;
  raw.adjVolume![r] = b.Vo;
}

/** A copy of `raw` with rows `keepRows` (in that order): to remove, reorder or repeat rows. */
export function pickRows(raw: RawBars, keepRows: readonly number[]): RawBars {
  const n = keepRows.length;
  const take = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(n);
    keepRows.forEach((r, i) => { out[i] = a[r]!; });
    return out;
  };
  return {
    rows: n, codes: [...raw.codes], code: take(raw.code), date: take(raw.date),
    open: take(raw.open), high: take(raw.high), low: take(raw.low), close: take(raw.close),
    volume: take(raw.volume), turnover: take(raw.turnover), adjFactor: take(raw.adjFactor),
    upperLimit: take(raw.upperLimit), lowerLimit: take(raw.lowerLimit),
    adjOpen: take(raw.adjOpen!), adjHigh: take(raw.adjHigh!), adjLow: take(raw.adjLow!), adjClose: take(raw.adjClose!), adjVolume: take(raw.adjVolume!),
  };
}

/** All row numbers 0..n-1. */
export function allRows(raw: RawBars): number[] {
  return Array.from({ length: raw.rows }, (_, i) => i);
}

/** Findings as { check: rows } for the checks that found something, so a test can assert "exactly this". */
export function findings(results: readonly CheckResult[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const r of results) if (r.count > 0) out[r.check] = [...r.rows];
  return out;
}
