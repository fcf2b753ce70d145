/**
 * The universe record of a run whose dataset holds universe-dependent columns (families.md §6.3): which codes the
 * per-date families ranked and averaged over, and how many codes each output date had.
 */
import { createHash } from 'node:crypto';
import type { Panel } from '../engine/panel.ts';

/** Families whose values depend on the run's universe U(t). */
export const UNIVERSE_FAMILIES: ReadonlySet<string> = new Set(['sector', 'cross_section', 'target_rank']);

export type Universe = {
  selection: 'all' | 'codes' | 'sample';
  n_codes: number;
  /** sha256 of the sorted codes joined by newlines. */
  codes_sha256: string;
  /** Per universe-dependent family written: min, median and max over output dates of n(t), the codes with a row on t. */
  codes_per_date: Record<string, { min: number; median: number; max: number }>;
};

/** The universe of a panel over output days [from, to], for the universe-dependent families among `families`. */
export function universeOf(panel: Pick<Panel, 'codes' | 'date' | 'rows'>, selection: Universe['selection'], families: readonly string[], from: number, to: number): Universe | undefined {
  const fams = [...new Set(families)].filter((f) => UNIVERSE_FAMILIES.has(f));
  if (fams.length === 0) return undefined;
  const perDay = new Map<number, number>();
  for (let i = 0; i < panel.rows; i++) {
    const d = panel.date[i]!;
    if (d >= from && d <= to) perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  const n = [...perDay.values()].sort((a, b) => a - b);
  const stats = { min: n[0] ?? 0, median: n[n.length >> 1] ?? 0, max: n[n.length - 1] ?? 0 };
  const sorted = [...panel.codes].sort();
  return {
    selection, n_codes: sorted.length,
    codes_sha256: createHash('sha256').update(sorted.join('\n')).digest('hex'),
    codes_per_date: Object.fromEntries(fams.map((f) => [f, stats])),
  };
}
