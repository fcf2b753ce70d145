/** OHLCV value checks on RawBars: nulls together, finite, positive prices, OHLC consistency, volume sign. */
import type { RawBars } from '../../engine/raw-bars.ts';
import { makeResult, type CheckResult } from './check-types.ts';
import { RowList } from './row-list.ts';

export type OhlcCounts = { noTradeRows: number };

/** Row lists of the checks every priced bar goes through, in raw bars and in panels alike. */
export type PricedBarLists = { nonPositive: RowList; inconsistent: RowList; negative: RowList; zeroVolume: RowList };

/** A new, empty set of priced-bar lists. */
export function pricedBarLists(): PricedBarLists {
  return { nonPositive: new RowList(), inconsistent: new RowList(), negative: new RowList(), zeroVolume: new RowList() };
}

/**
 * Checks one bar whose six values are all finite: prices > 0, L <= min(O, C) <= max(O, C) <= H, Vo and Va >= 0,
 * and Vo = 0 on a priced row (J-Quants never sends it); row `i` goes into the list of each check it fails.
 */
export function checkPricedBar(i: number, o: number, h: number, l: number, c: number, v: number, va: number, lists: PricedBarLists): void {
  if (!(o > 0 && h > 0 && l > 0 && c > 0)) lists.nonPositive.push(i);
  if (!(h >= o && h >= c && h >= l && l <= o && l <= c)) lists.inconsistent.push(i);
  if (v < 0 || va < 0) lists.negative.push(i);
  else if (v === 0) lists.zeroVolume.push(i);
}

/**
 * One pass over the six value columns. A no-trade row (all six null) is fine; a partly null row is a null-pattern
 * error; ±Infinity is non-finite. Prices must be > 0 with L <= min(O, C) <= max(O, C) <= H; Vo and Va >= 0, and
 * Vo = 0 on a priced row is a warning (J-Quants never sends it).
 */
export function checkOhlc(raw: RawBars): { results: CheckResult[]; counts: OhlcCounts } {
  const nonFinite = new RowList();
  const notANumber = new RowList();
  const nullPattern = new RowList();
  const received = raw.received;
  const priced = pricedBarLists();
  const { open, high, low, close, volume, turnover } = raw;
  let noTradeRows = 0;
  for (let i = 0; i < raw.rows; i++) {
    const o = open[i]!;
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    const v = volume[i]!;
    const va = turnover[i]!;
    const s = o + h + l + c + v + va;
    if (received?.has(i) === true) {
      // A value arrived as text that is no number: say so, with the text (a blank cell would read as a no-trade day).
      const t = received.get(i)!;
      if (Object.values(t).some((x) => !x.endsWith('(beyond float64)') && Number.isNaN(Number(x)))) notANumber.push(i);
      else nonFinite.push(i);
      continue;
    }
    if (s - s !== 0) {
      // Some value is NaN or infinite: tell a clean no-trade row from the defects.
      if (Math.abs(o) === Infinity || Math.abs(h) === Infinity || Math.abs(l) === Infinity || Math.abs(c) === Infinity
        || Math.abs(v) === Infinity || Math.abs(va) === Infinity) nonFinite.push(i);
      else if (o !== o && h !== h && l !== l && c !== c && v !== v && va !== va) noTradeRows++;
      else nullPattern.push(i);
      continue;
    }
    checkPricedBar(i, o, h, l, c, v, va, priced);
  }
  const values = (rows: Int32Array) => (k: number): string => {
    const i = rows[k]!;
    const t = received?.get(i) ?? {};
    const show = (field: string, x: number): string => (t[field] !== undefined ? JSON.stringify(t[field]) : String(x));
    const extra = t.AdjFactor !== undefined ? ` AdjFactor ${JSON.stringify(t.AdjFactor)}` : '';
    return `O ${show('O', open[i]!)} H ${show('H', high[i]!)} L ${show('L', low[i]!)} C ${show('C', close[i]!)} Vo ${show('Vo', volume[i]!)} Va ${show('Va', turnover[i]!)}${extra}`;
  };
  const lists: [Parameters<typeof makeResult>[0], RowList][] = [
    ['not-a-number', notANumber], ['non-finite', nonFinite], ['null-pattern', nullPattern], ['price-nonpositive', priced.nonPositive],
    ['ohlc-inconsistent', priced.inconsistent], ['volume-negative', priced.negative], ['volume-zero-traded', priced.zeroVolume],
  ];
  const results = lists.map(([check, list]) => {
    const rows = list.toArray();
    return makeResult(check, rows, { detail: values(rows) });
  });
  return { results, counts: { noTradeRows } };
}
