/** `gq store get` as text: one line per feature, one column per code (null shown as "null"). */
import type { OnlineResult } from './online-features.ts';
import { formatDay } from '../engine/dates.ts';

/** The online result as an aligned text table. */
export function onlineTable(r: OnlineResult): string {
  const head = ['feature', ...r.codes];
  const rows: string[][] = [head];
  const firstDays = r.days[0];
  if (firstDays !== undefined) rows.push(['(Date)', ...Array.from(firstDays, (d) => (d < 0 ? 'null' : formatDay(d)))]);
  r.refs.forEach((ref, f) => rows.push([ref.ref, ...Array.from(r.values[f]!, (x) => (Number.isNaN(x) ? 'null' : String(+x.toPrecision(10))))]));
  const widths = head.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}
