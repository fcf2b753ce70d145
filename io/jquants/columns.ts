/**
 * Fetched records to columns: daily bars to RawBars and TOPIX records to a TopixSeries. One pass, typed
 * arrays sized up front, no per-row allocation: codes and dates are looked up in small maps of the
 * distinct strings. Nulls become NaN; a value that arrived as a numeric string is converted.
 */
import { parseDay } from '../../engine/dates.ts';
import type { BarRecord, RawBars, TopixRecord, TopixSeries } from '../../engine/raw-bars.ts';

/** Daily-bar records (any order) as RawBars; AdjO..AdjVo are kept when the records carry them. */
export function barsToColumns(records: readonly BarRecord[]): RawBars {
  const n = records.length;
  const f = (): Float64Array => new Float64Array(n);
  const bars: RawBars = {
    rows: n, codes: [], code: new Int32Array(n), date: new Int32Array(n),
    open: f(), high: f(), low: f(), close: f(), volume: f(), turnover: f(), adjFactor: f(),
    upperLimit: new Uint8Array(n), lowerLimit: new Uint8Array(n),
  };
  const withAdj = records.some((r) => r.AdjC !== undefined);
  if (withAdj) {
    bars.adjOpen = f(); bars.adjHigh = f(); bars.adjLow = f(); bars.adjClose = f(); bars.adjVolume = f();
  }
  const codeIndex = new Map<string, number>();
  const day = dateLookup('barsToColumns');
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    let k = codeIndex.get(r.Code);
    if (k === undefined) {
      k = bars.codes.length;
      bars.codes.push(r.Code);
      codeIndex.set(r.Code, k);
    }
    bars.code[i] = k;
    bars.date[i] = day(r.Date);
    bars.open[i] = value(r.O);
    bars.high[i] = value(r.H);
    bars.low[i] = value(r.L);
    bars.close[i] = value(r.C);
    bars.volume[i] = value(r.Vo);
    bars.turnover[i] = value(r.Va);
    bars.adjFactor[i] = value(r.AdjFactor);
    bars.upperLimit[i] = flag(r.UL);
    bars.lowerLimit[i] = flag(r.LL);
    if (withAdj) {
      bars.adjOpen![i] = value(r.AdjO);
      bars.adjHigh![i] = value(r.AdjH);
      bars.adjLow![i] = value(r.AdjL);
      bars.adjClose![i] = value(r.AdjC);
      bars.adjVolume![i] = value(r.AdjVo);
    }
  }
  return bars;
}

/** TOPIX records as a series sorted by date (ascending; a repeated date keeps its last record). */
export function topixToSeries(records: readonly TopixRecord[]): TopixSeries {
  const day = dateLookup('topixToSeries');
  const order = Array.from(records.keys());
  const dates = records.map((r) => day(r.Date));
  order.sort((a, b) => dates[a]! - dates[b]! || a - b);
  const keep = order.filter((j, i) => i + 1 === order.length || dates[order[i + 1]!] !== dates[j]);
  const n = keep.length;
  const s: TopixSeries = { date: new Int32Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = records[keep[i]!]!;
    s.date[i] = dates[keep[i]!]!;
    s.open[i] = value(r.O);
    s.high[i] = value(r.H);
    s.low[i] = value(r.L);
    s.close[i] = value(r.C);
  }
  return s;
}

/** A number from a wire value: null/undefined/"" -> NaN, numeric string -> number. */
function value(x: number | string | null | undefined): number {
  if (typeof x === 'number') return x;
  if (x === null || x === undefined || x === '') return Number.NaN;
  return Number(x);
}

function flag(x: string | number | undefined): number {
  return x === '1' || x === 1 ? 1 : 0;
}

/** parseDay memoised over the few distinct date strings; an unreadable date throws, naming it. */
function dateLookup(where: string): (s: string) => number {
  const memo = new Map<string, number>();
  return (s: string): number => {
    let d = memo.get(s);
    if (d === undefined) {
      d = parseDay(s);
      if (Number.isNaN(d)) throw new Error(`${where}: record date "${s}" is not a YYYY-MM-DD date`);
      memo.set(s, d);
    }
    return d;
  };
}
