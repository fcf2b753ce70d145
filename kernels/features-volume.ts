/** Volume (features.md "Volume"): volume averages and ratios, z-score, dollar volume, ADV and the 20-day VWAP. */
import type { FeatureDef } from './feature-def.ts';
import { diffOver, ratio } from './elementwise.ts';
import { rollingMean, rollingSum } from './rolling-mean.ts';
import { rollingStd } from './rolling-var.ts';

function volumeMa(n: number): FeatureDef {
  return {
    name: `volume_ma_${n}`, family: 'volume', inputs: ['volume'], window: n, firstValid: n - 1, kind: 'f64',
    doc: `mean_${n}(Volume)`,
    compute: (g, out) => rollingMean(g.col.volume!, g.s, out, g.s, g.len, n),
  };
}

export const VOLUME: FeatureDef[] = [
  volumeMa(5), volumeMa(20), volumeMa(60),
  {
    name: 'volume_ratio', family: 'volume', inputs: ['volume', 'volume_ma_20'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'Volume / volume_ma_20',
    compute: (g, out) => ratio(g.col.volume!, g.col.volume_ma_20!, g.s, g.len, out),
  },
  {
    name: 'volume_ratio_5_20', family: 'volume', inputs: ['volume_ma_5', 'volume_ma_20'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'volume_ma_5 / volume_ma_20',
    compute: (g, out) => ratio(g.col.volume_ma_5!, g.col.volume_ma_20!, g.s, g.len, out),
  },
  {
    name: 'volume_zscore_20', family: 'volume', inputs: ['volume', 'volume_ma_20'], window: 20, firstValid: 19, kind: 'f64',
    doc: '(Volume - volume_ma_20) / std_20(Volume)',
    compute: (g, out) => {
      const t = g.tmp[0]!;
      rollingStd(g.col.volume!, g.s, t, 0, g.len, 20, 1);
      const v = g.col.volume!;
      const m = g.col.volume_ma_20!;
      for (let i = 0; i < g.len; i++) {
        const z = (v[g.s + i]! - m[g.s + i]!) / t[i]!;
        out[g.s + i] = z - z === 0 ? z : Number.NaN;
      }
    },
  },
  {
    name: 'dollar_volume', family: 'volume', inputs: ['close', 'volume'], window: 1, firstValid: 0, kind: 'f64',
    doc: 'C * Volume',
    compute: (g, out) => {
      const c = g.col.close!;
      const v = g.col.volume!;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = c[i]! * v[i]!;
    },
  },
  {
    name: 'adv_20', family: 'volume', inputs: ['dollar_volume'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'mean_20(dollar_volume)',
    compute: (g, out) => rollingMean(g.col.dollar_volume!, g.s, out, g.s, g.len, 20),
  },
  {
    name: 'vwap_20', family: 'volume', inputs: ['turnover', 'volume'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'sum_20(TurnoverValue) / sum_20(Volume)',
    compute: (g, out) => {
      const [a, b] = g.tmp as [Float64Array, Float64Array];
      rollingSum(g.col.turnover!, g.s, a, 0, g.len, 20);
      rollingSum(g.col.volume!, g.s, b, 0, g.len, 20);
      for (let i = 0; i < g.len; i++) {
        const v = a[i]! / b[i]!;
        out[g.s + i] = b[i]! > 0 && v - v === 0 ? v : Number.NaN;
      }
    },
  },
  {
    name: 'vwap_deviation', family: 'volume', inputs: ['close', 'vwap_20'], window: 20, firstValid: 19, kind: 'f64',
    doc: '(C - vwap_20) / vwap_20',
    compute: (g, out) => diffOver(g.col.close!, g.col.vwap_20!, g.col.vwap_20!, g.s, g.len, out),
  },
];
