/** The largest number of rows on one date of a date index. */
export function maxRowsPerDate(offsets: Int32Array): number {
  let m = 0;
  for (let d = 0; d + 1 < offsets.length; d++) m = Math.max(m, offsets[d + 1]! - offsets[d]!);
  return m;
}
