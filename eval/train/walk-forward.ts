/**
 * The walk-forward schedule: one refit per calendar year, on an expanding window that ends `gap` dates before the
 * year's first date. With gap = the target's horizon h, a training row at date position p has p <= start - h - 1,
 * so its label (rows p+1 .. p+h) ends before the test period starts: no training label overlaps a test date.
 */

export type Refit = {
  year: number;
  /** Test dates: positions [testLo, testHi). */
  testLo: number;
  testHi: number;
  /** Training dates: positions [0, trainHi). */
  trainHi: number;
};

/** The refits over sorted distinct `dates` (days since 1970); the first year only trains. */
export function walkForward(dates: Int32Array, gap: number): Refit[] {
  if (!Number.isInteger(gap) || gap < 0) throw new Error(`--gap must be an integer >= 0, got ${gap}`);
  const out: Refit[] = [];
  let d = 0;
  const yearOf = (p: number): number => new Date(dates[p]! * 86_400_000).getUTCFullYear();
  while (d < dates.length) {
    const year = yearOf(d);
    let e = d + 1;
    while (e < dates.length && yearOf(e) === year) e++;
    if (d > 0) out.push({ year, testLo: d, testHi: e, trainHi: Math.max(0, d - gap) });
    d = e;
  }
  return out;
}

/** For each date position, the index of the first refit whose training window holds it, or -1 (after every window). */
export function trainingSegments(dates: number, refits: readonly Refit[]): Int32Array {
  const seg = new Int32Array(dates).fill(-1);
  let lo = 0;
  refits.forEach((r, i) => { for (let p = lo; p < r.trainHi; p++) seg[p] = i; lo = Math.max(lo, r.trainHi); });
  return seg;
}
