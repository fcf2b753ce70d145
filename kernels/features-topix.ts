/**
 * TOPIX-relative (features.md "TOPIX-relative"). `mkt` is the TOPIX close aligned to each row's date, and TOPIX
 * returns are taken by row position within the code, exactly like the stock's own returns.
 */
import type { FeatureDef } from './feature-def.ts';
import { rollingBeta } from './rolling-var.ts';
import { pctChange } from './shift.ts';

function alpha(n: number): FeatureDef {
  return {
    name: `alpha_${n}d_topix`, family: 'topix', inputs: [`returns_${n}d`, 'mkt'], window: n + 1, firstValid: n, kind: 'f64',
    doc: `returns_${n}d - TOPIX returns_${n}d`,
    compute: (g, out) => {
      const m = g.tmp[0]!;
      pctChange(g.col.mkt!, g.s, m, 0, g.len, n);
      const r = g.col[`returns_${n}d`]!;
      for (let i = 0; i < g.len; i++) out[g.s + i] = r[g.s + i]! - m[i]!;
    },
  };
}

function relativeStrength(n: number): FeatureDef {
  return {
    name: `relative_strength_${n}d`, family: 'topix', inputs: [`returns_${n}d`, 'mkt'], window: n + 1, firstValid: n, kind: 'f64',
    doc: `(1 + returns_${n}d) / (1 + TOPIX returns_${n}d) - 1`,
    compute: (g, out) => {
      const m = g.tmp[0]!;
      pctChange(g.col.mkt!, g.s, m, 0, g.len, n);
      const r = g.col[`returns_${n}d`]!;
      for (let i = 0; i < g.len; i++) {
        const v = (1 + r[g.s + i]!) / (1 + m[i]!) - 1;
        out[g.s + i] = v - v === 0 ? v : Number.NaN;
      }
    },
  };
}

export const TOPIX: FeatureDef[] = [
  alpha(1), alpha(5), alpha(20),
  {
    name: 'beta_60d', family: 'topix', inputs: ['returns_1d', 'mkt'], window: 61, firstValid: 60, kind: 'f64',
    doc: 'cov_60(r1, m1) / var_60(m1)',
    compute: (g, out) => {
      const [r, m] = g.tmp as [Float64Array, Float64Array];
      r.set(g.col.returns_1d!.subarray(g.s, g.s + g.len));
      pctChange(g.col.mkt!, g.s, m, 0, g.len, 1);
      rollingBeta(r, m, 0, out, g.s, g.len, 60);
    },
  },
  relativeStrength(1), relativeStrength(5), relativeStrength(20),
];
