/** Ridge regression from accumulated normal equations, with an unpenalised intercept (coefficient 0). */

/**
 * Solves (XtX + lambda * D) beta = Xty, D = diag(0, 1, ..., 1), by Cholesky; XtX is m x m row-major (upper
 * triangle read). The same beta as numpy.linalg.lstsq on [X; sqrt(lambda) * D] and [y; 0].
 */
export function ridgeSolve(xtx: Float64Array, xty: Float64Array, m: number, lambda: number): Float64Array {
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) { const v = xtx[i * m + j]! + (i === j && i > 0 ? lambda : 0); a[i * m + j] = v; a[j * m + i] = v; }
  // a = L L^T, L stored in the lower triangle of a
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j]!;
    for (let k = 0; k < j; k++) d -= a[j * m + k]! * a[j * m + k]!;
    if (!(d > 0)) throw new Error('ridge: the training rows do not determine the model (a singular system); give a larger --alpha or more data');
    const l = Math.sqrt(d);
    a[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j]!;
      for (let k = 0; k < j; k++) s -= a[i * m + k]! * a[j * m + k]!;
      a[i * m + j] = s / l;
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) { let s = xty[i]!; for (let k = 0; k < i; k++) s -= a[i * m + k]! * y[k]!; y[i] = s / a[i * m + i]!; }
  const beta = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) { let s = y[i]!; for (let k = i + 1; k < m; k++) s -= a[k * m + i]! * beta[k]!; beta[i] = s / a[i * m + i]!; }
  return beta;
}
