/**
 * The online rows of a materialization: for each code, its latest row dated in [from, to], per view, unless that
 * row is older than the view's TTL at the newest Date known (then the code is stale and leaves the online store for
 * that view). TTL in the online store counts from the data's newest day, not the wall clock.
 */
import type { OnlineRows, Stale } from './online.ts';
import type { StoreTable } from './table.ts';
import type { ViewDef } from './views.ts';

/**
 * Latest rows of `t` in [from, to] for `view`, and the codes whose latest row is past the TTL at the newest Date of
 * the range or `storedNewest` (the online store's newest Date of the view), whichever is later.
 */
export function latestRows(t: StoreTable, view: ViewDef, from: number, to: number, storedNewest = -Infinity): { rows: OnlineRows; stale: Stale } {
  const last = new Int32Array(t.codes.length).fill(-1);
  let newest = -Infinity;
  for (let i = 0; i < t.rows; i++) {
    const d = t.date[i]!;
    if (d < from || d > to) continue;
    const k = t.code[i]!;
    if (last[k] === -1 || d > t.date[last[k]!]!) last[k] = i;
    if (d > newest) newest = d;
  }
  newest = Math.max(newest, storedNewest);
  const codes: string[] = [];
  const picked: number[] = [];
  const stale: Stale = { codes: [], days: [] };
  for (let k = 0; k < t.codes.length; k++) {
    const i = last[k]!;
    if (i < 0) continue;
    if (newest - t.date[i]! > view.ttlDays) { stale.codes.push(t.codes[k]!); stale.days.push(t.date[i]!); }
    else { codes.push(t.codes[k]!); picked.push(i); }
  }
  const w = view.features.length;
  const values = new Float64Array(codes.length * w).fill(Number.NaN);
  const days = new Int32Array(codes.length);
  for (let f = 0; f < w; f++) {
    const col = t.columns[view.features[f]!];
    if (col === undefined) continue;
    for (let j = 0; j < picked.length; j++) values[j * w + f] = col[picked[j]!]!;
  }
  for (let j = 0; j < picked.length; j++) days[j] = t.date[picked[j]!]!;
  return { rows: { codes, days, values }, stale };
}
