/**
 * When J-Quants data for a date is final. Updates happen on Japan time (spec §5.5): daily bars for day d
 * appear at ~16:30 JST on d, so before that moment a fetch of d returns nothing or partial data and
 * must be refreshed by the next run. JST has no daylight saving: it is always UTC+9.
 */
const MS_PER_DAY = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;

/** Today's date in Japan (days since epoch) at `nowMs`. */
export function todayJst(nowMs: number): number {
  return Math.floor((nowMs + JST_OFFSET_MS) / MS_PER_DAY);
}

/**
 * The last day whose data is final at `nowMs`, for an endpoint updated `finalAfter` minutes after 00:00 JST
 * of the day (may exceed 24 h for overnight updates).
 */
export function lastFinalDay(nowMs: number, finalAfter: number): number {
  return Math.floor((nowMs + JST_OFFSET_MS - finalAfter * 60_000) / MS_PER_DAY);
}
