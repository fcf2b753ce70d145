/** A batch of whole codes of a panel as a panel of its own, viewing the same buffers. */
import type { Panel } from './panel.ts';

/**
 * Codes [lo, hi) of `panel` as a Panel over the same memory (subarray views). Its `code` column is renumbered in
 * place to index the batch's own `codes`, so the parent's `code` column is not to be used afterwards.
 */
export function panelBatch(panel: Panel, lo: number, hi: number): Panel {
  const a = panel.offsets[lo]!;
  const b = panel.offsets[hi]!;
  const offsets = new Int32Array(new SharedArrayBuffer((hi - lo + 1) * 4));
  for (let k = lo; k <= hi; k++) offsets[k - lo] = panel.offsets[k]! - a;
  const code = panel.code.subarray(a, b);
  if (lo !== 0) for (let i = 0; i < code.length; i++) code[i] = code[i]! - lo;
  return {
    rows: b - a, codes: panel.codes.slice(lo, hi), offsets, code,
    date: panel.date.subarray(a, b), open: panel.open.subarray(a, b), high: panel.high.subarray(a, b), low: panel.low.subarray(a, b),
    close: panel.close.subarray(a, b), volume: panel.volume.subarray(a, b), turnover: panel.turnover.subarray(a, b),
    traded: panel.traded.subarray(a, b), limit: panel.limit.subarray(a, b), factor: panel.factor.subarray(a, b),
    mkt: panel.mkt.subarray(a, b), rawRow: panel.rawRow.subarray(a, b),
    ...(panel.sector33 !== undefined ? { sector33: panel.sector33.subarray(a, b) } : {}),
    ...(panel.market !== undefined ? { market: panel.market.subarray(a, b) } : {}),
  };
}
