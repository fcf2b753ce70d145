/** J-Quants V2 wire records read out of a sample market, for the API stand-in. */
import { formatDay } from '../../engine/dates.ts';
import type { BarRecord, TopixRecord } from '../../engine/raw-bars.ts';
import type { SampleMarket } from './market.ts';

const num = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** The V2 daily-bar record of one row. */
export function barRecord(m: SampleMarket, row: number): BarRecord {
  const b = m.bars;
  const r: BarRecord = {
    Date: formatDay(b.date[row]!), Code: b.codes[b.code[row]!]!,
    O: num(b.open[row]!), H: num(b.high[row]!), L: num(b.low[row]!), C: num(b.close[row]!),
    UL: b.upperLimit[row] === 1 ? '1' : '0', LL: b.lowerLimit[row] === 1 ? '1' : '0',
    Vo: num(b.volume[row]!), Va: num(b.turnover[row]!), AdjFactor: b.adjFactor[row]!,
  };
  if (b.adjClose !== undefined) {
    r.AdjO = num(b.adjOpen![row]!); r.AdjH = num(b.adjHigh![row]!); r.AdjL = num(b.adjLow![row]!);
    r.AdjC = num(b.adjClose[row]!); r.AdjVo = num(b.adjVolume![row]!);
  }
  return r;
}

/** Index of `day` in the market's business days, or -1. */
export function dayIndex(m: SampleMarket, day: number): number {
  let lo = 0;
  let hi = m.days.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = m.days[mid]!;
    if (v === day) return mid;
    if (v < day) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Rows of every code listed on `day`, in code order. */
export function rowsOnDay(m: SampleMarket, day: number): Int32Array {
  const d = dayIndex(m, day);
  if (d < 0) return new Int32Array(0);
  const out: number[] = [];
  for (let k = 0; k < m.bars.codes.length; k++) {
    const j = d - m.firstDay[k]!;
    if (j >= 0 && j < m.offsets[k + 1]! - m.offsets[k]!) out.push(m.offsets[k]! + j);
  }
  return Int32Array.from(out);
}

/** The row range [start, end) of code `k` between two days (inclusive). */
export function rowsOfCode(m: SampleMarket, k: number, fromDay: number, toDay: number): [number, number] {
  const s = m.offsets[k]!;
  const e = m.offsets[k + 1]!;
  let a = s;
  while (a < e && m.bars.date[a]! < fromDay) a++;
  let b = a;
  while (b < e && m.bars.date[b]! <= toDay) b++;
  return [a, b];
}

/** TOPIX records between two days (inclusive). */
export function topixRecords(m: SampleMarket, fromDay: number, toDay: number): TopixRecord[] {
  const t = m.topix;
  const out: TopixRecord[] = [];
  for (let i = 0; i < t.date.length; i++) {
    const d = t.date[i]!;
    if (d < fromDay || d > toDay) continue;
    out.push({ Date: formatDay(d), O: num(t.open[i]!), H: num(t.high[i]!), L: num(t.low[i]!), C: num(t.close[i]!) });
  }
  return out;
}
