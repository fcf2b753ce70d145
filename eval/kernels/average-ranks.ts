/**
 * Average ranks: 1 = smallest, ties (exact float equality) get the mean of their positions, as pandas
 * rank(method='average') and scipy.stats.rankdata do.
 */

/** Writes out[order[i]] = the average rank of keys[order[i]], for a keys[0 .. n) sorted by `order` ascending. */
export function averageRanks(keys: Float64Array, order: Int32Array, n: number, out: Float64Array): void {
  let i = 0;
  while (i < n) {
    const v = keys[order[i]!]!;
    let j = i + 1;
    while (j < n && keys[order[j]!] === v) j++;
    const r = (i + 1 + j) / 2; // positions i+1 .. j, 1-based
    for (let k = i; k < j; k++) out[order[k]!] = r;
    i = j;
  }
}

/** Writes out[i] = the average rank of sorted[i], for sorted[0 .. n) ascending. */
export function averageRanksSorted(sorted: Float64Array, n: number, out: Float64Array): void {
  let i = 0;
  while (i < n) {
    const v = sorted[i]!;
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    const r = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) out[k] = r;
    i = j;
  }
}
