/** Returns (features.md "Returns"): simple and log returns over 1, 5, 20 and 60 rows. */
import type { FeatureDef } from './feature-def.ts';
import { logChange, pctChange } from './shift.ts';

function simple(n: number): FeatureDef {
  return {
    name: `returns_${n}d`, family: 'returns', inputs: ['close'], window: n + 1, firstValid: n, kind: 'f64',
    doc: `C_t / C_{t-${n}} - 1`,
    compute: (g, out) => pctChange(g.col.close!, g.s, out, g.s, g.len, n),
  };
}

function log(n: number): FeatureDef {
  return {
    name: `log_returns_${n}d`, family: 'returns', inputs: ['close'], window: n + 1, firstValid: n, kind: 'f64',
    doc: `ln(C_t / C_{t-${n}})`,
    compute: (g, out) => logChange(g.col.close!, g.s, out, g.s, g.len, n),
  };
}

export const RETURNS: FeatureDef[] = [simple(1), simple(5), simple(20), simple(60), log(1), log(5), log(20), log(60)];
