/**
 * TSE daily price limits (値幅制限) and tick sizes, from ../shared/spec/tse.md §2.1 and §2.4.
 * The current 34-tier table dates from 2010-01-04; rows before that use the older table.
 */

/** Upper bounds (exclusive) of the base-price tiers of the current table, with the limit width of each tier. */
const CURRENT_BOUNDS = [
  100, 200, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000, 7_000, 10_000, 15_000, 20_000, 30_000, 50_000, 70_000,
  100_000, 150_000, 200_000, 300_000, 500_000, 700_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000,
  7_000_000, 10_000_000, 15_000_000, 20_000_000, 30_000_000, 50_000_000, Infinity,
];
const CURRENT_WIDTHS = [
  30, 50, 80, 100, 150, 300, 400, 500, 700, 1_000, 1_500, 3_000, 4_000, 5_000, 7_000, 10_000,
  15_000, 30_000, 40_000, 50_000, 70_000, 100_000, 150_000, 300_000, 400_000, 500_000, 700_000,
  1_000_000, 1_500_000, 3_000_000, 4_000_000, 5_000_000, 7_000_000, 10_000_000,
];

/** The pre-2010 table (third-party sources; see tse.md §2.1 "History"). */
const OLD_BOUNDS = [
  100, 200, 500, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000, 20_000, 30_000, 50_000, 70_000, 100_000, 150_000,
  200_000, 300_000, 500_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000, 15_000_000,
  20_000_000, 30_000_000, 50_000_000, Infinity,
];
const OLD_WIDTHS = [
  30, 50, 80, 100, 200, 300, 400, 500, 1_000, 2_000, 3_000, 4_000, 5_000, 10_000, 20_000, 30_000, 40_000, 50_000,
  100_000, 200_000, 300_000, 400_000, 500_000, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 10_000_000,
];

/** 2010-01-04 as days since the epoch: the current table applies from this day. */
export const CURRENT_TABLE_FROM = 14613;

/** 2020-08-03 as days since the epoch: expansion is 4x after 2 locked days from here, 2x after 3 before. */
export const FOUR_X_EXPANSION_FROM = 18477;

/** The normal daily limit width in yen for base price `base` on day `day` (days since epoch). */
export function limitWidth(base: number, day = CURRENT_TABLE_FROM): number {
  const bounds = day >= CURRENT_TABLE_FROM ? CURRENT_BOUNDS : OLD_BOUNDS;
  const widths = day >= CURRENT_TABLE_FROM ? CURRENT_WIDTHS : OLD_WIDTHS;
  let i = 0;
  while (base >= bounds[i]!) i++;
  return widths[i]!;
}

/** The coarser ("other stocks") tick size in yen at price level `price`. */
export function tickSize(price: number): number {
  if (price <= 3_000) return 1;
  if (price <= 5_000) return 5;
  if (price <= 30_000) return 10;
  if (price <= 50_000) return 50;
  if (price <= 300_000) return 100;
  if (price <= 500_000) return 500;
  if (price <= 3_000_000) return 1_000;
  if (price <= 5_000_000) return 5_000;
  if (price <= 30_000_000) return 10_000;
  if (price <= 50_000_000) return 50_000;
  return 100_000;
}
