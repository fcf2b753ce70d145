/** Month partitions: `year=YYYY/month=MM`, keyed by a month number (year * 12 + month - 1) of a day. */

/** The month number of a day (days since epoch). */
export function monthOf(day: number): number {
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** First day of a month number. */
export function monthStart(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / 86_400_000;
}

/** Last day of a month number. */
export function monthEnd(month: number): number {
  return monthStart(month + 1) - 1;
}

/** The partition folder of a month number: `year=2026/month=05`. */
export function partitionDir(month: number): string {
  return `year=${Math.floor(month / 12)}/month=${String((month % 12) + 1).padStart(2, '0')}`;
}

/** The one data file of a month's partition. */
export function partitionFile(month: number): string {
  return `${partitionDir(month)}/part-0.parquet`;
}
