/** RawBars and TopixSeries from J-Quants V2 records (as parsed from the wire or a file). */
import { formatDay, parseDay } from './dates.ts';
import type { BarRecord, RawBars, TopixRecord, TopixSeries } from './raw-bars.ts';

const num = (v: number | string | null | undefined): number => (v === null || v === undefined || v === '' ? Number.NaN : Number(v));

/** Columns of a list of daily-bar records; null becomes NaN, UL/LL "1" becomes 1, dates must be real. */
export function rawBarsFromRecords(records: readonly BarRecord[]): RawBars {
  const n = records.length;
  const codeIndex = new Map<string, number>();
  const codes: string[] = [];
  const f = (): Float64Array => new Float64Array(n);
  const hasAdj = n > 0 && records[0]!.AdjC !== undefined;
  const raw: RawBars = {
    rows: n, codes, code: new Int32Array(n), date: new Int32Array(n),
    open: f(), high: f(), low: f(), close: f(), volume: f(), turnover: f(),
    adjFactor: f(), upperLimit: new Uint8Array(n), lowerLimit: new Uint8Array(n),
  };
  if (hasAdj) { raw.adjOpen = f(); raw.adjHigh = f(); raw.adjLow = f(); raw.adjClose = f(); raw.adjVolume = f(); }
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    let k = codeIndex.get(r.Code);
    if (k === undefined) { k = codes.length; codes.push(r.Code); codeIndex.set(r.Code, k); }
    raw.code[i] = k;
    const d = parseDay(r.Date);
    if (Number.isNaN(d)) throw new Error(`daily bars record ${i} (${r.Code}): Date "${r.Date}" is not a date`);
    raw.date[i] = d;
    raw.open[i] = num(r.O); raw.high[i] = num(r.H); raw.low[i] = num(r.L); raw.close[i] = num(r.C);
    raw.volume[i] = num(r.Vo); raw.turnover[i] = num(r.Va);
    const af = num(r.AdjFactor);
    raw.adjFactor[i] = Number.isNaN(af) ? 1 : af;
    raw.upperLimit[i] = String(r.UL) === '1' ? 1 : 0;
    raw.lowerLimit[i] = String(r.LL) === '1' ? 1 : 0;
    if (hasAdj) {
      raw.adjOpen![i] = num(r.AdjO); raw.adjHigh![i] = num(r.AdjH); raw.adjLow![i] = num(r.AdjL);
      raw.adjClose![i] = num(r.AdjC); raw.adjVolume![i] = num(r.AdjVo);
    }
  }
  return raw;
}

/** The TOPIX series of a list of records, sorted by date. */
export function topixFromRecords(records: readonly TopixRecord[]): TopixSeries {
  const sorted = [...records].sort((a, b) => (a.Date < b.Date ? -1 : a.Date > b.Date ? 1 : 0));
  const n = sorted.length;
  const t: TopixSeries = { date: new Int32Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = sorted[i]!;
    const d = parseDay(r.Date);
    if (Number.isNaN(d)) throw new Error(`TOPIX record ${i}: Date "${r.Date}" is not a date`);
    if (i > 0 && d === t.date[i - 1]) throw new Error(`TOPIX has two records for ${formatDay(d)}`);
    t.date[i] = d;
    t.open[i] = num(r.O); t.high[i] = num(r.H); t.low[i] = num(r.L); t.close[i] = num(r.C);
  }
  return t;
}
