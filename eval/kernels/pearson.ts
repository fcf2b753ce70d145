/** Pearson correlation of two equal-length runs of numbers, as scipy.stats.pearsonr computes it (two passes). */

/**
 * The correlation of x[0 .. n) and y[0 .. n), centred on their means; NaN when n < 2 or either side is constant.
 * Clipped to [-1, 1] as scipy does.
 */
export function pearson(x: Float64Array, y: Float64Array, n: number): number {
  if (n < 2) return Number.NaN;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) { sx += x[i]!; sy += y[i]!; }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}
