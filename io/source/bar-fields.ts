/** The J-Quants V2 column names the local-file sources read, and the error for a bars file that lacks some. */

/** Columns every daily-bars file must have. */
export const BAR_FIELDS = ['Date', 'Code', 'O', 'H', 'L', 'C', 'Vo', 'Va', 'AdjFactor'] as const;
/** J-Quants' own adjusted values: kept when AdjC is there (the others then default to null). */
export const ADJ_FIELDS = ['AdjO', 'AdjH', 'AdjL', 'AdjC', 'AdjVo'] as const;
/** Daily limit flags: 0 when absent. */
export const FLAG_FIELDS = ['UL', 'LL'] as const;

/** The error for a daily-bars file missing required columns: names the file, the columns and the names expected. */
export function missingBarColumns(path: string, missing: readonly string[]): Error {
  return new Error(`${path}: missing column(s) ${missing.join(', ')}; expected J-Quants V2 names (${BAR_FIELDS.join(', ')}, UL, LL)`);
}
