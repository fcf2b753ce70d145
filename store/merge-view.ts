/**
 * One materialization's effect on a whole online view, computed in memory from the view as stored (packed): a row
 * replaces the stored one only when it is not older, a stale code leaves unless the stored row is newer. The result
 * is the new packed view (codes in order) and exactly which codes to write and remove, so a store writes only those
 * and never reads its rows back.
 */
import { randomBytes } from 'node:crypto';
import type { OnlineRows, Stale } from './online.ts';
import type { PackedView } from './packed-view.ts';

export type MergedView = {
  packed: PackedView;
  /** Indices into `rows` of the rows to store. */
  written: number[];
  /** Codes to remove. */
  removed: string[];
};

/** A fresh version text: the time of writing and a random tail (unique even within a millisecond, and across restarts). */
export function newVersion(): string {
  return `${new Date().toISOString()}#${randomBytes(6).toString('hex')}`;
}

/** Merges `rows` and `stale` (vectors of `width` values) into the stored view `old` (undefined: an empty view). */
export function mergeView(old: PackedView | undefined, rows: OnlineRows, stale: Stale, width: number, version = newVersion()): MergedView {
  // Each code's source: >= 0 a row of `rows`, < 0 the stored row -(k + 1); codes absent from the map are dropped.
  const source = new Map<string, number>();
  if (old !== undefined) for (let k = 0; k < old.codes.length; k++) source.set(old.codes[k]!, -(k + 1));
  const oldDay = (code: string): number => {
    const s = source.get(code);
    return s === undefined || s >= 0 ? -Infinity : old!.days[-s - 1]!;
  };
  const written: number[] = [];
  for (let i = 0; i < rows.codes.length; i++) {
    if (oldDay(rows.codes[i]!) > rows.days[i]!) continue;
    source.set(rows.codes[i]!, i);
    written.push(i);
  }
  const removed: string[] = [];
  for (let i = 0; i < stale.codes.length; i++) {
    const c = stale.codes[i]!;
    const s = source.get(c);
    if (s === undefined || s >= 0 || old!.days[-s - 1]! > stale.days[i]!) continue;
    source.delete(c);
    removed.push(c);
  }
  const codes = [...source.keys()].sort();
  const days = new Int32Array(codes.length);
  const values = new Float64Array(codes.length * width).fill(Number.NaN);
  for (let k = 0; k < codes.length; k++) {
    const s = source.get(codes[k]!)!;
    if (s >= 0) {
      days[k] = rows.days[s]!;
      for (let f = 0; f < width; f++) values[k * width + f] = rows.values[s * width + f]!;
    } else {
      const j = -s - 1;
      const w = Math.min(width, old!.width);
      days[k] = old!.days[j]!;
      for (let f = 0; f < w; f++) values[k * width + f] = old!.values[j * old!.width + f]!;
    }
  }
  return { packed: { codes, days, values, width, version }, written, removed };
}
