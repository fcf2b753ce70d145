/** Dropping rows from a panel and its feature columns in place (no second copy of the data). */
import type { Panel } from './panel.ts';

const ROW_COLUMNS = ['code', 'date', 'open', 'high', 'low', 'close', 'volume', 'turnover', 'traded', 'limit', 'factor', 'mkt', 'rawRow'] as const;

/**
 * Keeps the rows with fromDay <= date <= toDay (the rows outside fed the windows and the targets but are not output).
 * Kept rows move down in place, so every column becomes a shorter view of the same buffer; codes left with no row vanish.
 */
export function keepRowsIn(panel: Panel, features: Record<string, Float64Array>, fromDay: number, toDay: number): { panel: Panel; features: Record<string, Float64Array> } {
  const keep = new Int32Array(panel.rows);
  let n = 0;
  for (let i = 0; i < panel.rows; i++) { const d = panel.date[i]!; if (d >= fromDay && d <= toDay) keep[n++] = i; }
  if (n === panel.rows) return { panel, features };
  const move = <T extends Float64Array | Int32Array | Uint8Array | Int8Array>(a: T): T => {
    for (let j = 0; j < n; j++) a[j] = a[keep[j]!]!;
    return a.subarray(0, n) as T;
  };
  const out = { ...panel, rows: n } as Panel;
  for (const c of ROW_COLUMNS) (out as Record<string, unknown>)[c] = move(panel[c]);
  const feats: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(features)) feats[k] = move(v);
  // Re-index codes: some may have had warm-up rows only.
  const counts = new Int32Array(panel.codes.length);
  for (let j = 0; j < n; j++) counts[out.code[j]!]!++;
  const codes: string[] = [];
  const remap = new Int32Array(panel.codes.length).fill(-1);
  for (let k = 0; k < panel.codes.length; k++) if (counts[k]! > 0) { remap[k] = codes.length; codes.push(panel.codes[k]!); }
  const offsets = new Int32Array(new SharedArrayBuffer((codes.length + 1) * 4));
  for (let k = 0; k < panel.codes.length; k++) if (remap[k]! >= 0) offsets[remap[k]! + 1] = counts[k]!;
  for (let k = 0; k < codes.length; k++) offsets[k + 1]! += offsets[k]!;
  for (let j = 0; j < n; j++) out.code[j] = remap[out.code[j]!]!;
  out.codes = codes;
  out.offsets = offsets;
  return { panel: out, features: feats };
}
