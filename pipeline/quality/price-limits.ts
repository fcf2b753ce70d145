/**
 * Daily moves against the TSE price-limit table (tse.md §2.1-2.5): base = previous close x the row's AdjFactor,
 * W from the 34-tier table (the old table before 2010-01-04), expanded limit 4W since 2020-08-03 (2W before), and a
 * tolerance of one tick at the expanded limit, plus 1 % of the base on ex-dates (the exchange's rounding of an
 * adjusted base is unknown). Cross-checked with the UL/LL flags. Inputs are raw-unit columns, so the same kernel
 * serves RawBars and a Panel (whose adjusted prices are turned back into raw units by its factor).
 */
import { formatDay } from '../../engine/dates.ts';
import { FOUR_X_EXPANSION_FROM, limitWidth, tickSize } from '../../engine/price-limit-table.ts';
import { makeResult, type CheckName, type CheckResult } from './check-types.ts';
import { F64List, RowList } from './row-list.ts';

export type LimitInputs = {
  /** Per row: its code's index in 0..nKeys-1, or -1 for a row to ignore. */
  key: Int32Array;
  nKeys: number;
  /** Rows to visit, such that each code's rows come in ascending date order; null = 0..n-1 (see visitOrder). */
  visit: Int32Array | null;
  date: Int32Array;
  /** Raw (unadjusted) prices; a NaN close marks a no-trade row. */
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** The row's AdjFactor (1 except on ex-dates). */
  exFactor: Float64Array;
  /** UL / LL flags (1 = set). */
  up: Uint8Array;
  down: Uint8Array;
  /** Rows already quarantined: neither checked nor used as a base. */
  skip?: Uint8Array;
  /** Rows that follow missing business days: the previous row is not the previous session, so the base is unknown. */
  afterGap?: Uint8Array;
};

export type LimitStats = {
  /** Rows compared with their limits. */
  checked: number;
  /** First row of a code (IPO day, or the start of the data): no base. */
  firstRows: number;
  /** The previous session had no trade, was quarantined, or is not the previous business day: no reliable base. */
  unknownBase: number;
  /** Moves beyond the normal limit explained by an expansion (previous sessions limit-locked on that side). */
  expandedExplained: number;
};

const LIMIT_CHECKS: CheckName[] = ['price-limit-impossible', 'price-limit-ex-date', 'price-limit-expanded', 'limit-flag-unexplained', 'limit-flag-missing'];

/**
 * Checks every traded row against the limits around its base. Severity: beyond the expanded limit is an error
 * (a warning on ex-dates); beyond the normal limit only is a warning unless the previous 2 sessions (3 before
 * 2020-08-03) were locked at that limit (UL/LL set and H = L, or no trade), which is how the limit gets expanded.
 * A row found impossible is not used as the next row's base, so one bad print is reported once.
 */
export function checkPriceLimits(inp: LimitInputs): { results: CheckResult[]; stats: LimitStats } {
  const { key, nKeys, visit, date, high, low, close, exFactor, up, down, skip, afterGap } = inp;
  const lists = LIMIT_CHECKS.map(() => ({ rows: new RowList(), base: new F64List() }));
  const [impossible, exDate, expanded, unexplained, missingFlag] = lists as [typeof lists[0], typeof lists[0], typeof lists[0], typeof lists[0], typeof lists[0]];
  const stats: LimitStats = { checked: 0, firstRows: 0, unknownBase: 0, expandedExplained: 0 };
  // Per-code state, so rows can be visited in input order when it is already date-ascending per code.
  const seen = new Uint8Array(nKeys);
  const prevClose = new Float64Array(nKeys).fill(Number.NaN);
  const prevDate = new Int32Array(nKeys).fill(-2147483648);
  const lockedUp = new Int32Array(nKeys);
  const lockedDown = new Int32Array(nKeys);
  const m = visit === null ? key.length : visit.length;
  for (let j = 0; j < m; j++) {
    const r = visit === null ? j : visit[j]!;
    const k = key[r]!;
    if (k < 0 || k >= nKeys) continue;
    const d = date[r]!;
    if (skip !== undefined && skip[r] === 1) {
      // A quarantined later copy of a kept day leaves the state alone; any other quarantined row breaks the chain.
      if (d !== prevDate[k]) { prevClose[k] = Number.NaN; lockedUp[k] = lockedDown[k] = 0; seen[k] = 1; prevDate[k] = d; }
      continue;
    }
    const c = close[r]!;
    const h = high[r]!;
    const l = low[r]!;
    const isUp = up[r] === 1;
    const isDown = down[r] === 1;
    const prev = prevClose[k]!;
    if (seen[k] === 0 || c !== c || prev !== prev || (afterGap !== undefined && afterGap[r] === 1)) {
      if (seen[k] === 0) stats.firstRows++;
      else if (c === c) stats.unknownBase++;
      seen[k] = 1;
      prevClose[k] = c;
      prevDate[k] = d;
      lockedUp[k] = isUp && (c !== c || h === l) ? lockedUp[k]! + 1 : 0;
      lockedDown[k] = isDown && (c !== c || h === l) ? lockedDown[k]! + 1 : 0;
      continue;
    }
    stats.checked++;
    const f = exFactor[r]!;
    const ex = f !== 1;
    const base = prev * f;
    const w = limitWidth(base, d);
    const mult = d >= FOUR_X_EXPANSION_FROM ? 4 : 2;
    const needLocked = d >= FOUR_X_EXPANSION_FROM ? 2 : 3;
    const tol = tickSize(base + mult * w) + (ex ? 0.01 * base : 0);
    const upBeyond = h > base + w + tol;
    const downBeyond = l < base - w - tol;
    const upLocked = lockedUp[k]! >= needLocked;
    const downLocked = lockedDown[k]! >= needLocked;
    let bad = false;
    if (h > base + mult * w + tol || l < base - mult * w - tol) {
      const list = ex ? exDate : impossible;
      list.rows.push(r);
      list.base.push(base);
      bad = !ex;
    } else if ((upBeyond && !upLocked) || (downBeyond && !downLocked)) {
      expanded.rows.push(r);
      expanded.base.push(base);
    } else if (upBeyond || downBeyond) stats.expandedExplained++;
    // UL/LL mean "the limit was reached during the day" (J-Quants), so compare High/Low, not Close.
    if ((isUp && h < base + w - tol) || (isDown && l > base - w + tol)) {
      unexplained.rows.push(r);
      unexplained.base.push(base);
    } else if (!ex && ((!isUp && !upBeyond && !upLocked && h >= base + w - 1e-9 * base)
      || (!isDown && !downBeyond && !downLocked && base - w > 0 && l <= base - w + 1e-9 * base))) {
      missingFlag.rows.push(r);
      missingFlag.base.push(base);
    }
    prevClose[k] = bad ? Number.NaN : c;
    prevDate[k] = d;
    lockedUp[k] = isUp && h === l ? lockedUp[k]! + 1 : 0;
    lockedDown[k] = isDown && h === l ? lockedDown[k]! + 1 : 0;
  }
  const results = LIMIT_CHECKS.map((check, i) => {
    const rows = lists[i]!.rows.toArray();
    const bases = lists[i]!.base.toArray();
    return makeResult(check, rows, { detail: (k) => describe(rows[k]!, bases[k]!, inp) });
  });
  return { results, stats };
}

/** The numbers behind one finding, for the quarantine file and reports. */
function describe(r: number, base: number, inp: LimitInputs): string {
  const d = inp.date[r]!;
  const w = limitWidth(base, d);
  const mult = d >= FOUR_X_EXPANSION_FROM ? 4 : 2;
  const f = inp.exFactor[r]!;
  const round = (x: number): number => Math.round(x * 100) / 100;
  return `${formatDay(d)}: base ${round(base)}${f !== 1 ? ` (previous close x AdjFactor ${f})` : ''}, limit +-${w} (expanded +-${mult * w}), `
    + `H ${inp.high[r]} L ${inp.low[r]} C ${inp.close[r]}, UL ${inp.up[r]} LL ${inp.down[r]}`;
}
