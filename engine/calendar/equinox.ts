/**
 * Equinox holidays by the standard formula (新こよみ便利帳), valid for 1980-2099. It equals the
 * Cabinet Office dates for every published year 1980-2026 (shared/spec/tse.md §1.2).
 */

/** Day of March of the Vernal Equinox Day of a year. */
export function vernalEquinoxDate(year: number): number {
  return Math.floor(20.8431 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

/** Day of September of the Autumnal Equinox Day of a year. */
export function autumnalEquinoxDate(year: number): number {
  return Math.floor(23.2488 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}
