/**
 * Targets (features.md "Targets"): forward returns over h rows, plain and in excess of TOPIX over the same rows.
 * Null on the last h rows of a code, never 0. Names start with `target_` so no feature shares their prefix.
 */
import type { FeatureDef } from './feature-def.ts';
import { forwardChange } from './shift.ts';

function target(h: number): FeatureDef {
  return {
    name: `target_${h}d`, family: 'targets', inputs: ['close'], window: h, firstValid: 0, kind: 'f64',
    doc: `C_{t+${h}} / C_t - 1`,
    compute: (g, out) => forwardChange(g.col.close!, g.s, out, g.s, g.len, h),
  };
}

function excess(h: number): FeatureDef {
  return {
    name: `target_excess_${h}d`, family: 'targets', inputs: [`target_${h}d`, 'mkt'], window: h, firstValid: 0, kind: 'f64',
    doc: `target_${h}d - TOPIX forward return over the same ${h} rows`,
    compute: (g, out) => {
      const m = g.tmp[0]!;
      forwardChange(g.col.mkt!, g.s, m, 0, g.len, h);
      const t = g.col[`target_${h}d`]!;
      for (let i = 0; i < g.len; i++) out[g.s + i] = t[g.s + i]! - m[i]!;
    },
  };
}

export const TARGETS: FeatureDef[] = [target(1), target(5), target(10), target(20), excess(1), excess(5), excess(10), excess(20)];
