/**
 * RawBars and TopixSeries from J-Quants V2 records (as parsed from the wire or a file). One pass into typed arrays
 * sized up front; codes and dates are looked up in small maps of their distinct strings. Null (or a missing or
 * empty value) becomes NaN; a number that arrived as a string is converted; a missing AdjFactor means no event (1).
 */
import { formatDay, parseDayMemo } from './dates.ts';
import { flagOf, type BarRecord, type RawBars, type TopixRecord, type TopixSeries } from './raw-bars.ts';

/**
 * Daily-bar records (any order) as RawBars; AdjO..AdjVo are kept when the records carry them. A value may also be
 * text as a file holds it (numeric text is read; other text becomes NaN and is kept in `received` for the checks).
 */
export function rawBarsFromRecords(records: readonly BarRecord[]): RawBars {
  const n = records.length;
  const f = (): Float64Array => new Float64Array(n);
  const raw: RawBars = {
    rows: n, codes: [], code: new Int32Array(n), date: new Int32Array(n),
    open: f(), high: f(), low: f(), close: f(), volume: f(), turnover: f(), adjFactor: f(),
    upperLimit: new Uint8Array(n), lowerLimit: new Uint8Array(n),
  };
  const withAdj = records.some((r) => r.AdjC !== undefined);
  if (withAdj) { raw.adjOpen = f(); raw.adjHigh = f(); raw.adjLow = f(); raw.adjClose = f(); raw.adjVolume = f(); }
  const codeIndex = new Map<string, number>();
  const day = dateLookup('daily bars');
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    let k = codeIndex.get(r.Code);
    if (k === undefined) {
      k = raw.codes.length;
      raw.codes.push(r.Code);
      codeIndex.set(r.Code, k);
    }
    raw.code[i] = k;
    raw.date[i] = day(r.Date, i);
    raw.open[i] = value(r.O); raw.high[i] = value(r.H); raw.low[i] = value(r.L); raw.close[i] = value(r.C);
    raw.volume[i] = value(r.Vo); raw.turnover[i] = value(r.Va);
    const af = value(r.AdjFactor);
    // Only a row with a null or unreadable value is looked at again, for text that is not a number.
    const sum = raw.open[i]! + raw.high[i]! + raw.low[i]! + raw.close[i]! + raw.volume[i]! + raw.turnover[i]! + af;
    if (sum - sum !== 0) keepReceived(raw, i, r);
    raw.adjFactor[i] = af === af ? af : 1;
    raw.upperLimit[i] = flagOf(r.UL);
    raw.lowerLimit[i] = flagOf(r.LL);
    if (withAdj) {
      raw.adjOpen![i] = value(r.AdjO); raw.adjHigh![i] = value(r.AdjH); raw.adjLow![i] = value(r.AdjL);
      raw.adjClose![i] = value(r.AdjC); raw.adjVolume![i] = value(r.AdjVo);
    }
  }
  return raw;
}

/** TOPIX records as a series sorted by date; two records for one date are an error naming it. */
export function topixFromRecords(records: readonly TopixRecord[]): TopixSeries {
  const day = dateLookup('TOPIX');
  const dates = records.map((r, i) => day(r.Date, i));
  const order = Array.from(records.keys()).sort((a, b) => dates[a]! - dates[b]!);
  const n = order.length;
  const t: TopixSeries = { date: new Int32Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    const r = records[j]!;
    if (i > 0 && dates[j] === t.date[i - 1]) throw new Error(`TOPIX has two records for ${formatDay(dates[j]!)}`);
    t.date[i] = dates[j]!;
    t.open[i] = value(r.O); t.high[i] = value(r.H); t.low[i] = value(r.L); t.close[i] = value(r.C);
  }
  return t;
}

/** The value fields whose unreadable text the quarantine shows. */
const VALUE_FIELDS = ['O', 'H', 'L', 'C', 'Vo', 'Va', 'AdjFactor'] as const;

/** Records the text of row i's values that are present but not finite numbers (see RawBars.received). */
function keepReceived(raw: RawBars, i: number, r: BarRecord): void {
  for (const field of VALUE_FIELDS) {
    const x = r[field] as number | string | null | undefined;
    if (x === null || x === undefined || x === '') continue;
    if (typeof x === 'number' ? Number.isFinite(x) : Number.isFinite(Number(x))) continue;
    raw.received ??= new Map();
    let seen = raw.received.get(i);
    if (seen === undefined) raw.received.set(i, (seen = {}));
    seen[field] = typeof x === 'number' ? `${x} (beyond float64)` : String(x);
  }
}

/** A number from a wire value: null/undefined/"" -> NaN, numeric string -> number. */
function value(x: number | string | null | undefined): number {
  if (typeof x === 'number') return x;
  if (x === null || x === undefined || x === '') return Number.NaN;
  return Number(x);
}

/** parseDay memoised over the few distinct date strings; an unreadable date throws, naming it and the record. */
function dateLookup(what: string): (s: string, i: number) => number {
  const day = parseDayMemo();
  return (s, i) => {
    const d = day(String(s));
    if (Number.isNaN(d)) throw new Error(`${what} record ${i}: Date "${s}" is not a YYYY-MM-DD date`);
    return d;
  };
}
