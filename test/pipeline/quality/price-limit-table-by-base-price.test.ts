import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../engine/dates.ts';
import { limitWidth, tickSize } from '../../../engine/price-limit-table.ts';

// Expected widths are read from tse.md §2.1 (JPX table, 34 tiers), not from the code.
const NOW = dayOf(2023, 6, 1);
const OLD = dayOf(2009, 12, 30);

describe('the TSE daily price-limit table', () => {
  it('gives the width of each tier at its lower and upper edge', () => {
    const edges: [number, number][] = [
      [1, 30], [99, 30], [99.9, 30], [100, 50], [199, 50], [200, 80], [499, 80], [500, 100], [699, 100], [700, 150], [999, 150],
      [1_000, 300], [1_499, 300], [1_500, 400], [1_999, 400], [2_000, 500], [2_999, 500], [3_000, 700], [4_999, 700],
      [5_000, 1_000], [6_999, 1_000], [7_000, 1_500], [9_999, 1_500], [10_000, 3_000], [14_999, 3_000], [15_000, 4_000],
      [20_000, 5_000], [30_000, 7_000], [50_000, 10_000], [70_000, 15_000], [100_000, 30_000], [150_000, 40_000],
      [200_000, 50_000], [300_000, 70_000], [500_000, 100_000], [700_000, 150_000], [1_000_000, 300_000],
      [1_500_000, 400_000], [2_000_000, 500_000], [3_000_000, 700_000], [5_000_000, 1_000_000], [7_000_000, 1_500_000],
      [10_000_000, 3_000_000], [15_000_000, 4_000_000], [20_000_000, 5_000_000], [30_000_000, 7_000_000],
      [49_999_999, 7_000_000], [50_000_000, 10_000_000], [900_000_000, 10_000_000],
    ];
    for (const [base, w] of edges) expect(limitWidth(base, NOW), `base ${base}`).toBe(w);
  });

  it('matches the widths of JPX "Daily Price Limits to be Broadened" notices', () => {
    // Superbag 1,117 -> 300; EDP 19,170 -> 4,000; Lilycolor 495 -> 80; LOCONDO 1,769 -> 400; Helios 860 -> 150;
    // Metaplanet 3,310 -> 700; ARCHITECTS STUDIO 617 -> 100; TONAMI 7,870 -> 1,500.
    const notices: [number, number][] = [[1_117, 300], [19_170, 4_000], [495, 80], [1_769, 400], [860, 150], [3_310, 700], [617, 100], [7_870, 1_500]];
    for (const [base, w] of notices) expect(limitWidth(base, NOW), `base ${base}`).toBe(w);
  });

  it('uses the pre-2010 table before 2010-01-04', () => {
    expect(limitWidth(1_000, OLD)).toBe(200);
    expect(limitWidth(1_000, dayOf(2010, 1, 4))).toBe(300);
    expect(limitWidth(700, OLD)).toBe(100);
    expect(limitWidth(5_000, OLD)).toBe(1_000);
    expect(limitWidth(10_000, OLD)).toBe(2_000);
    expect(limitWidth(50_000_000, OLD)).toBe(10_000_000);
  });

  it('gives the coarser tick size used as tolerance', () => {
    const ticks: [number, number][] = [[1_000, 1], [3_000, 1], [3_001, 5], [5_000, 5], [5_001, 10], [30_000, 10], [30_001, 50], [50_001, 100], [300_001, 500], [500_001, 1_000], [3_000_001, 5_000], [5_000_001, 10_000], [30_000_001, 50_000], [50_000_001, 100_000]];
    for (const [p, t] of ticks) expect(tickSize(p), `price ${p}`).toBe(t);
  });
});
