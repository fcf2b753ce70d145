/**
 * A deterministic sample market in J-Quants V2 shape: N codes x D TSE business days, with per-code volatility,
 * fat-tailed returns, limit-up/down days, no-trade days, splits and reverse splits (AdjFactor), IPOs and
 * delistings inside the range, alphanumeric codes, and a TOPIX series. Seeded; never Math.random.
 * It feeds the API stand-in, the benches and the CLI's sample mode.
 */
import { businessDays } from '../../engine/calendar/tse-calendar.ts';
import { parseDay, formatDay } from '../../engine/dates.ts';
import { limitWidth, tickSize } from '../../engine/price-limit-table.ts';
import type { RawBars, TopixSeries } from '../../engine/raw-bars.ts';
import { makeCodes } from './codes.ts';
import { makeMasterChanges, type MasterChange } from './master-history.ts';
import { makePrng, type Prng } from './prng.ts';
import { MARKETS, SECTORS } from './sectors.ts';

export type SampleOptions = {
  codes: number;
  days: number;
  seed?: number;
  /** The last business day, ISO; the market covers the `days` business days ending there. */
  end?: string;
  /** Also emit J-Quants' own rounded AdjO..AdjVo columns (default true; benches turn it off to save memory). */
  withAdjusted?: boolean;
};

export type MasterRecord = {
  Date: string; Code: string; CoName: string; CoNameEn: string; S17: string; S17Nm: string;
  S33: string; S33Nm: string; ScaleCat: string; Mkt: string; MktNm: string; Mrgn: string; MrgnNm: string;
};

/** The master fields that change over time in the sample. */
export type MarketMasterFields = Pick<MasterRecord, 'S17' | 'S17Nm' | 'S33' | 'S33Nm' | 'ScaleCat' | 'Mkt' | 'MktNm'>;

export type SampleMarket = {
  /** TSE business days covered, ascending. */
  days: Int32Array;
  /** Raw bars sorted by (code, date); `bars.codes` ascending. */
  bars: RawBars;
  /** Code k owns rows [offsets[k], offsets[k+1]) of `bars`. */
  offsets: Int32Array;
  /** Per code: index into `days` of its first row; a code's rows cover consecutive business days. */
  firstDay: Int32Array;
  topix: TopixSeries;
  /** Every code's master record on the last day. */
  master: MasterRecord[];
  /** Earlier values of the master (sector changes, one Growth -> Prime move); see master-history.ts. */
  masterChanges: MasterChange[];
};

export const DEFAULT_END = '2026-11-20';
/** 2020-10-01, the all-day arrowhead halt: a business day on which nothing traded. */
const HALT_DAY = 18536;

/** The sample market for these options; the same options always give the same bytes. */
export function generateMarket(o: SampleOptions): SampleMarket {
  if (!(o.codes >= 1) || !(o.days >= 1)) throw new Error(`sample market: codes and days must be >= 1 (got ${o.codes} x ${o.days})`);
  const rng = makePrng(o.seed ?? 42);
  const days = sampleDays(o);
  const codes = makeCodes(o.codes, rng);
  const lives = planLives(codes.length, days.length, rng);
  const topix = makeTopix(days, rng);
  const bars = allocateBars(codes, lives, o.withAdjusted ?? true);
  for (let k = 0; k < codes.length; k++) simulateCode(bars, k, lives, days, topix, rng);
  const master = makeMaster(codes, days, rng);
  const masterChanges = makeMasterChanges(master, lives.first, lives.offsets, o.seed ?? 42);
  return { days, bars, offsets: lives.offsets, firstDay: lives.first, topix, master, masterChanges };
}

/** The business days a sample market with these options covers (cheap: no market is built). */
export function sampleDays(o: Pick<SampleOptions, 'days' | 'end'>): Int32Array {
  return lastBusinessDays(o.end ?? DEFAULT_END, o.days);
}

/** The last `n` TSE business days up to and including `endIso`. */
function lastBusinessDays(endIso: string, n: number): Int32Array {
  const end = parseDay(endIso);
  if (Number.isNaN(end)) throw new Error(`sample market: end date "${endIso}" is not YYYY-MM-DD`);
  let span = Math.ceil(n * 1.5) + 20;
  for (;;) {
    const all = businessDays(end - span, end);
    if (all.length >= n) return all.slice(all.length - n);
    span *= 2;
  }
}

type Lives = { first: Int32Array; length: Int32Array; offsets: Int32Array; leadingNull: Int32Array };

/** Which days each code is listed: most the whole range, some IPO or delist inside it, a few very short. */
function planLives(nCodes: number, nDays: number, rng: Prng): Lives {
  const first = new Int32Array(nCodes);
  const length = new Int32Array(nCodes);
  const leadingNull = new Int32Array(nCodes);
  const offsets = new Int32Array(nCodes + 1);
  for (let k = 0; k < nCodes; k++) {
    const u = rng.next();
    let a = 0;
    let b = nDays; // exclusive
    if (u < 0.06) a = rng.int(1, nDays); // IPO inside the range
    else if (u < 0.10) b = rng.int(1, nDays); // delisted inside the range
    else if (u < 0.13) a = Math.max(0, nDays - rng.int(1, 60)); // short history, shorter than the longest window
    else if (u < 0.15) { a = rng.int(0, nDays); b = Math.min(nDays, a + rng.int(1, 90)); }
    if (b <= a) b = a + 1;
    first[k] = a;
    length[k] = b - a;
    if (rng.next() < 0.02) leadingNull[k] = Math.min(length[k]! - 1, rng.int(1, 4)); // rows before the first trade
    offsets[k + 1] = offsets[k]! + length[k]!;
  }
  return { first, length, offsets, leadingNull };
}

/** TOPIX closes on every day: a fat-tailed random walk from about 2,000 points. */
function makeTopix(days: Int32Array, rng: Prng): TopixSeries {
  const n = days.length;
  const t: TopixSeries = { date: days.slice(), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
  let c = 2000;
  for (let i = 0; i < n; i++) {
    const prev = c;
    if (days[i] !== HALT_DAY) c = prev * Math.exp(0.0002 + 0.009 * rng.studentT(5));
    const o = prev * Math.exp(0.002 * rng.normal());
    t.open[i] = round2(o);
    t.close[i] = round2(c);
    t.high[i] = round2(Math.max(o, c) * Math.exp(Math.abs(0.003 * rng.normal())));
    t.low[i] = round2(Math.min(o, c) * Math.exp(-Math.abs(0.003 * rng.normal())));
  }
  return t;
}

function allocateBars(codes: string[], lives: Lives, withAdjusted: boolean): RawBars {
  const n = lives.offsets[codes.length]!;
  const f = (): Float64Array => new Float64Array(n);
  const bars: RawBars = {
    rows: n, codes, code: new Int32Array(n), date: new Int32Array(n),
    open: f(), high: f(), low: f(), close: f(), volume: f(), turnover: f(),
    adjFactor: new Float64Array(n).fill(1), upperLimit: new Uint8Array(n), lowerLimit: new Uint8Array(n),
  };
  if (withAdjusted) {
    bars.adjOpen = f(); bars.adjHigh = f(); bars.adjLow = f(); bars.adjClose = f(); bars.adjVolume = f();
  }
  return bars;
}

const SPLIT_FACTORS = [0.5, 0.5, 0.2, 0.25, 10, 5];

/** Fills one code's rows: raw prices on the tick grid, within the daily limits, and its J-Quants adjusted values. */
function simulateCode(bars: RawBars, k: number, lives: Lives, days: Int32Array, topix: TopixSeries, rng: Prng): void {
  const start = lives.offsets[k]!;
  const end = lives.offsets[k + 1]!;
  const d0 = lives.first[k]!;
  const big = rng.next() < 0.01;
  let prev = big ? 100_000 * Math.exp(rng.next() * 1.2) : 80 * Math.exp(rng.next() * 6.9); // 80 .. 80,000 yen
  prev = roundTick(prev);
  const sigma = 0.01 + 0.025 * rng.next();
  const beta = 0.4 + 1.2 * rng.next();
  const baseVol = 1000 * Math.exp(rng.next() * 10);
  const noTradeP = rng.next() < 0.1 ? 0.03 : 0.0005;
  const len = end - start;
  const splitAt = len > 10 && rng.next() < 0.03 ? rng.int(5, len) : -1;
  const splitF = SPLIT_FACTORS[rng.int(0, SPLIT_FACTORS.length)]!;
  for (let j = 0; j < len; j++) {
    const i = start + j;
    const di = d0 + j;
    const day = days[di]!;
    bars.code[i] = k;
    bars.date[i] = day;
    if (j === splitAt) {
      bars.adjFactor[i] = splitF;
      prev = roundTick(prev * splitF);
    }
    const noTrade = j < lives.leadingNull[k]! || day === HALT_DAY || (j > 0 && rng.next() < noTradeP);
    if (noTrade) {
      bars.open[i] = bars.high[i] = bars.low[i] = bars.close[i] = bars.volume[i] = bars.turnover[i] = Number.NaN;
      continue;
    }
    const rm = di > 0 ? Math.log(topix.close[di]! / topix.close[di - 1]!) : 0;
    let r = beta * rm + sigma * rng.studentT(4);
    if (rng.next() < 0.002) r = (rng.next() < 0.5 ? -1 : 1) * 0.5; // news: runs into the daily limit
    const base = prev;
    const w = limitWidth(base, day);
    const lo = Math.max(tickSize(base), base - w);
    const hi = base + w;
    const open = clamp(roundTick(base * Math.exp(0.3 * sigma * rng.normal())), lo, hi);
    const close = clamp(roundTick(base * Math.exp(r)), lo, hi);
    const high = clamp(roundTick(Math.max(open, close) * Math.exp(Math.abs(0.5 * sigma * rng.normal()))), Math.max(open, close), hi);
    const low = clamp(roundTick(Math.min(open, close) * Math.exp(-Math.abs(0.5 * sigma * rng.normal()))), lo, Math.min(open, close));
    const vol = Math.max(100, Math.round(baseVol * Math.exp(0.6 * rng.normal() + 3 * Math.abs(r)) / 100) * 100);
    bars.open[i] = open;
    bars.high[i] = high;
    bars.low[i] = low;
    bars.close[i] = close;
    bars.volume[i] = vol;
    bars.turnover[i] = Math.round(vol * (high + low + 2 * close) / 4);
    bars.upperLimit[i] = high >= hi ? 1 : 0;
    bars.lowerLimit[i] = low <= base - w ? 1 : 0;
    prev = close;
  }
  if (bars.adjClose !== undefined) fillJQuantsAdjusted(bars, start, end);
}

/** J-Quants' AdjO..AdjVo: raw x backward cumulative factor, rounded to 0.1 yen (volume to a share). */
function fillJQuantsAdjusted(bars: RawBars, start: number, end: number): void {
  let f = 1;
  for (let i = end - 1; i >= start; i--) {
    bars.adjOpen![i] = round1(bars.open[i]! * f);
    bars.adjHigh![i] = round1(bars.high[i]! * f);
    bars.adjLow![i] = round1(bars.low[i]! * f);
    bars.adjClose![i] = round1(bars.close[i]! * f);
    bars.adjVolume![i] = Math.round(bars.volume[i]! / f);
    f *= bars.adjFactor[i]!;
  }
}

function makeMaster(codes: string[], days: Int32Array, rng: Prng): MasterRecord[] {
  const date = formatDay(days[days.length - 1]!);
  return codes.map((code) => {
    const s = SECTORS[rng.int(0, SECTORS.length)]!;
    const m = MARKETS[rng.int(0, MARKETS.length)]!;
    const lendable = rng.next() < 0.6;
    return {
      Date: date, Code: code, CoName: `サンプル${code}`, CoNameEn: `Sample ${code} Co.`,
      S17: s.s17, S17Nm: s.s17Nm, S33: s.s33, S33Nm: s.s33Nm, ScaleCat: m.mkt === '0111' ? 'TOPIX Small 1' : '-',
      Mkt: m.mkt, MktNm: m.mktNm, Mrgn: lendable ? '2' : '1', MrgnNm: lendable ? '貸借' : '信用',
    };
  });
}

function roundTick(p: number): number {
  const t = tickSize(p);
  return Math.max(t, Math.round(p / t) * t);
}
function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
