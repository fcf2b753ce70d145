/** Volatility (features.md "Volatility"): std of daily returns, realized, Parkinson and Garman-Klass estimators. */
import type { FeatureDef, Segment } from './feature-def.ts';
import { rollingMean, rollingSum } from './rolling-mean.ts';
import { rollingStd } from './rolling-var.ts';
import { ratio } from './elementwise.ts';

const LN2 = Math.LN2;

function stdOfReturns(n: number): FeatureDef {
  return {
    name: `volatility_${n}d`, family: 'volatility', inputs: ['returns_1d'], window: n, firstValid: n, kind: 'f64',
    doc: `std_${n}(r1), sample`,
    compute: (g, out) => rollingStd(g.col.returns_1d!, g.s, out, g.s, g.len, n, 1),
  };
}

/** sqrt of a rolling mean of a per-row term written into tmp[0]; null when negative or non-finite. */
function sqrtMeanOf(g: Segment, out: Float64Array, n: number, scale: number): void {
  const t = g.tmp[0]!;
  rollingMean(t, 0, out, g.s, g.len, n);
  for (let i = g.s; i < g.s + g.len; i++) {
    const v = Math.sqrt(out[i]! * scale);
    out[i] = v - v === 0 ? v : Number.NaN;
  }
}

export const VOLATILITY: FeatureDef[] = [
  stdOfReturns(20),
  stdOfReturns(60),
  {
    name: 'realized_volatility_5d', family: 'volatility', inputs: ['returns_1d'], window: 5, firstValid: 5, kind: 'f64',
    doc: 'sqrt(sum of r1^2 over 5)',
    compute: (g, out) => {
      const r = g.col.returns_1d!;
      const t = g.tmp[0]!;
      for (let i = 0; i < g.len; i++) { const v = r[g.s + i]!; t[i] = v * v; }
      rollingSum(t, 0, out, g.s, g.len, 5);
      for (let i = g.s; i < g.s + g.len; i++) out[i] = Math.sqrt(out[i]!);
    },
  },
  {
    name: 'parkinson_vol_20d', family: 'volatility', inputs: ['high', 'low'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'sqrt(mean_20(ln(H/L)^2) / (4 ln 2))',
    compute: (g, out) => {
      const h = g.col.high!;
      const l = g.col.low!;
      const t = g.tmp[0]!;
      for (let i = 0; i < g.len; i++) { const v = Math.log(h[g.s + i]! / l[g.s + i]!); t[i] = v * v; }
      sqrtMeanOf(g, out, 20, 1 / (4 * LN2));
    },
  },
  {
    name: 'garman_klass_vol_20d', family: 'volatility', inputs: ['open', 'high', 'low', 'close'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'sqrt(mean_20(0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2))',
    compute: (g, out) => {
      const { open: o, high: h, low: l, close: c } = g.col;
      const t = g.tmp[0]!;
      const k = 2 * LN2 - 1;
      for (let i = 0; i < g.len; i++) {
        const j = g.s + i;
        const hl = Math.log(h![j]! / l![j]!);
        const co = Math.log(c![j]! / o![j]!);
        t[i] = 0.5 * hl * hl - k * co * co;
      }
      sqrtMeanOf(g, out, 20, 1);
    },
  },
  {
    name: 'vol_ratio_20_60', family: 'volatility', inputs: ['volatility_20d', 'volatility_60d'], window: 60, firstValid: 60, kind: 'f64',
    doc: 'volatility_20d / volatility_60d',
    compute: (g, out) => ratio(g.col.volatility_20d!, g.col.volatility_60d!, g.s, g.len, out),
  },
];

