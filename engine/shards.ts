/** Splitting a panel into shards of whole codes, balanced by row count. */

/**
 * Contiguous ranges of whole codes with about rows/count rows each. More shards than workers lets a fast
 * worker take the next shard while a slow one finishes, so no thread idles on an unlucky split. `offsets` may be a
 * window of the panel's (a batch): its rows are offsets[last] - offsets[0].
 */
export function makeShards(offsets: Int32Array, count: number): { codeLo: number; codeHi: number }[] {
  const nCodes = offsets.length - 1;
  const rows = offsets[nCodes]! - offsets[0]!;
  const shards: { codeLo: number; codeHi: number }[] = [];
  const target = Math.max(1, Math.ceil(rows / Math.max(1, count)));
  let lo = 0;
  while (lo < nCodes) {
    let hi = lo + 1;
    while (hi < nCodes && offsets[hi]! - offsets[lo]! < target) hi++;
    shards.push({ codeLo: lo, codeHi: hi });
    lo = hi;
  }
  return shards;
}
