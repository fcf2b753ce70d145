/** Checks of an assembled Panel's own invariants (engine/panel.ts): structure, order, values, no-trade fill. */
import type { Panel } from '../../engine/panel.ts';
import { makeResult, type CheckResult } from './check-types.ts';
import { checkPricedBar, pricedBarLists } from './ohlc.ts';
import { RowList } from './row-list.ts';

const ROW_COLUMNS = ['code', 'date', 'open', 'high', 'low', 'close', 'volume', 'turnover', 'traded', 'limit', 'factor', 'mkt', 'rawRow'] as const;

/** Problems with the Panel's shape (column lengths, offsets, code dictionary); empty when well-formed. */
export function panelStructureProblems(p: Panel): string[] {
  const out: string[] = [];
  for (const c of ROW_COLUMNS) {
    const col = p[c] as ArrayLike<number> | undefined;
    if (col === undefined || col.length !== p.rows) out.push(`column ${c} has ${col?.length ?? 'no'} values, expected rows = ${p.rows}`);
  }
  if (p.offsets.length !== p.codes.length + 1) out.push(`offsets has ${p.offsets.length} entries, expected codes + 1 = ${p.codes.length + 1}`);
  else {
    if (p.offsets[0] !== 0) out.push(`offsets[0] is ${p.offsets[0]}, expected 0`);
    if (p.offsets[p.codes.length] !== p.rows) out.push(`offsets ends at ${p.offsets[p.codes.length]}, expected rows = ${p.rows}`);
    for (let k = 0; k < p.codes.length; k++) if (p.offsets[k + 1]! < p.offsets[k]!) { out.push(`offsets decrease at code ${p.codes[k]}`); break; }
  }
  for (let k = 1; k < p.codes.length; k++) if (!(p.codes[k - 1]! < p.codes[k]!)) { out.push(`codes are not strictly ascending at ${p.codes[k]}`); break; }
  return out;
}

/**
 * Row checks of a well-formed Panel: order inside segments (error), null/non-finite values on traded rows or a bad
 * factor (error), positive prices and OHLC consistency (error), volume sign (error) and zero volume on a traded row
 * (warning), and the no-trade fill O=H=L=C=previous close, volume = turnover = 0 (error).
 */
export function checkPanelRows(p: Panel): CheckResult[] {
  const order = new RowList();
  const nulls = new RowList();
  const priced = pricedBarLists();
  const fill = new RowList();
  const { code, date, open, high, low, close, volume, turnover, traded, factor } = p;
  for (let k = 0; k < p.codes.length; k++) {
    const a = p.offsets[k]!;
    const b = p.offsets[k + 1]!;
    for (let i = a; i < b; i++) {
      if (code[i] !== k || (i > a && date[i]! <= date[i - 1]!)) order.push(i);
      const o = open[i]!;
      const h = high[i]!;
      const l = low[i]!;
      const c = close[i]!;
      const v = volume[i]!;
      const va = turnover[i]!;
      const f = factor[i]!;
      if (traded[i] !== 1) {
        // Rows before the first trade are not in a panel, so a segment never starts with a no-trade row.
        const prev = i > a ? close[i - 1]! : Number.NaN;
        if (!(o === prev && h === prev && l === prev && c === prev && v === 0 && va === 0)) fill.push(i);
        continue;
      }
      const s = o + h + l + c + v + va;
      if (s - s !== 0 || !(f > 0) || f - f !== 0) { nulls.push(i); continue; }
      checkPricedBar(i, o, h, l, c, v, va, priced);
    }
  }
  const values = (rows: Int32Array) => (k: number): string => {
    const i = rows[k]!;
    return `O ${open[i]} H ${high[i]} L ${low[i]} C ${close[i]} volume ${volume[i]} turnover ${turnover[i]} factor ${factor[i]} traded ${traded[i]}`;
  };
  return ([
    ['panel-order', order], ['panel-null', nulls], ['price-nonpositive', priced.nonPositive], ['ohlc-inconsistent', priced.inconsistent],
    ['volume-negative', priced.negative], ['volume-zero-traded', priced.zeroVolume], ['no-trade-fill', fill],
  ] as const).map(([check, list]) => {
    const rows = list.toArray();
    return makeResult(check, rows, { detail: values(rows) });
  });
}
