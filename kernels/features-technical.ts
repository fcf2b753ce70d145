/** Technical indicators (features.md "Technical"): moving averages, RSI, MACD, Bollinger bands, stochastic %K. */
import type { FeatureDef } from './feature-def.ts';
import { emaN, wilder } from './ema.ts';
import { diffOver, ratioMinusOne } from './elementwise.ts';
import { rollingMean } from './rolling-mean.ts';
import { rollingMax, rollingMin } from './rolling-extrema.ts';
import { rollingStd } from './rolling-var.ts';

function sma(n: number): FeatureDef {
  return {
    name: `sma_${n}`, family: 'technical', inputs: ['close'], window: n, firstValid: n - 1, kind: 'f64',
    doc: `mean_${n}(C)`,
    compute: (g, out) => rollingMean(g.col.close!, g.s, out, g.s, g.len, n),
  };
}

function ema(n: number): FeatureDef {
  return {
    name: `ema_${n}`, family: 'technical', inputs: ['close'], window: n, firstValid: n - 1, kind: 'f64',
    doc: `EMA_${n}(C), alpha 2/(n+1), seeded with the SMA of the first ${n}`,
    compute: (g, out) => emaN(g.col.close!, g.s, out, g.s, g.len, n),
  };
}

function priceToSma(n: number): FeatureDef {
  return {
    name: `price_to_sma_${n}`, family: 'technical', inputs: ['close', `sma_${n}`], window: n, firstValid: n - 1, kind: 'f64',
    doc: `C / sma_${n} - 1`,
    compute: (g, out) => ratioMinusOne(g.col.close!, g.col[`sma_${n}`]!, g.s, g.len, out),
  };
}

export const TECHNICAL: FeatureDef[] = [
  sma(5), sma(10), sma(20), sma(60),
  ema(10), ema(20), ema(60),
  priceToSma(20), priceToSma(60),
  {
    name: 'ma_cross_5_20', family: 'technical', inputs: ['sma_5', 'sma_20'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'sma_5 / sma_20 - 1',
    compute: (g, out) => ratioMinusOne(g.col.sma_5!, g.col.sma_20!, g.s, g.len, out),
  },
  {
    name: 'rsi_14', family: 'technical', inputs: ['close'], window: 15, firstValid: 14, kind: 'f64',
    doc: '100 * G / (G + L), G and L Wilder_14 of gains and losses seeded with the mean of the first 14 changes; null when G + L = 0',
    compute: (g, out) => {
      const c = g.col.close!;
      const [gain, loss, wg, wl] = g.tmp as [Float64Array, Float64Array, Float64Array, Float64Array];
      gain[0] = Number.NaN;
      loss[0] = Number.NaN;
      for (let i = 1; i < g.len; i++) {
        const d = c[g.s + i]! - c[g.s + i - 1]!;
        gain[i] = d > 0 ? d : 0;
        loss[i] = d < 0 ? -d : 0;
      }
      wilder(gain, 0, wg, 0, g.len, 14);
      wilder(loss, 0, wl, 0, g.len, 14);
      for (let i = 0; i < g.len; i++) {
        const den = wg[i]! + wl[i]!;
        out[g.s + i] = den > 0 ? (100 * wg[i]!) / den : Number.NaN;
      }
    },
  },
  {
    name: 'macd', family: 'technical', inputs: ['close'], window: 26, firstValid: 25, kind: 'f64',
    doc: 'EMA_12(C) - EMA_26(C)',
    compute: (g, out) => {
      const [e12, e26] = g.tmp as [Float64Array, Float64Array];
      emaN(g.col.close!, g.s, e12, 0, g.len, 12);
      emaN(g.col.close!, g.s, e26, 0, g.len, 26);
      for (let i = 0; i < g.len; i++) out[g.s + i] = e12[i]! - e26[i]!;
    },
  },
  {
    name: 'macd_signal', family: 'technical', inputs: ['macd'], window: 34, firstValid: 33, kind: 'f64',
    doc: 'EMA_9(macd), seeded at macd\'s first valid row',
    compute: (g, out) => emaN(g.col.macd!, g.s, out, g.s, g.len, 9),
  },
  {
    name: 'macd_histogram', family: 'technical', inputs: ['macd', 'macd_signal'], window: 34, firstValid: 33, kind: 'f64',
    doc: 'macd - macd_signal',
    compute: (g, out) => {
      const m = g.col.macd!;
      const sg = g.col.macd_signal!;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = m[i]! - sg[i]!;
    },
  },
  {
    name: 'bb_middle', family: 'technical', inputs: ['sma_20'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'sma_20',
    compute: (g, out) => out.set(g.col.sma_20!.subarray(g.s, g.s + g.len), g.s),
  },
  {
    name: 'bb_upper', family: 'technical', inputs: ['close', 'bb_middle'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'bb_middle + 2 * pstd_20(C)',
    compute: (g, out) => band(g.col.close!, g.col.bb_middle!, g.tmp[0]!, g.s, g.len, out, 2),
  },
  {
    name: 'bb_lower', family: 'technical', inputs: ['bb_middle', 'bb_upper'], window: 20, firstValid: 19, kind: 'f64',
    doc: 'bb_middle - 2 * pstd_20(C), taken as 2 * bb_middle - bb_upper so the deviation is computed once',
    compute: (g, out) => {
      const m = g.col.bb_middle!;
      const u = g.col.bb_upper!;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = 2 * m[i]! - u[i]!;
    },
  },
  {
    name: 'bb_pct_b', family: 'technical', inputs: ['close', 'bb_upper', 'bb_lower'], window: 20, firstValid: 19, kind: 'f64',
    doc: '(C - bb_lower) / (bb_upper - bb_lower)',
    compute: (g, out) => {
      const { close: c, bb_upper: u, bb_lower: l } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) {
        const w = u![i]! - l![i]!;
        const v = (c![i]! - l![i]!) / w;
        out[i] = w > 0 && v - v === 0 ? v : Number.NaN;
      }
    },
  },
  {
    name: 'bb_width', family: 'technical', inputs: ['bb_upper', 'bb_lower', 'bb_middle'], window: 20, firstValid: 19, kind: 'f64',
    doc: '(bb_upper - bb_lower) / bb_middle',
    compute: (g, out) => diffOver(g.col.bb_upper!, g.col.bb_lower!, g.col.bb_middle!, g.s, g.len, out),
  },
  {
    name: 'stoch_k_14', family: 'technical', inputs: ['close', 'high', 'low'], window: 14, firstValid: 13, kind: 'f64',
    doc: '100 * (C - min_14(L)) / (max_14(H) - min_14(L))',
    compute: (g, out) => {
      const [lo, hi] = g.tmp as [Float64Array, Float64Array];
      rollingMin(g.col.low!, g.s, lo, 0, g.len, 14, g.deque);
      rollingMax(g.col.high!, g.s, hi, 0, g.len, 14, g.deque);
      const c = g.col.close!;
      for (let i = 0; i < g.len; i++) {
        const w = hi[i]! - lo[i]!;
        const v = (100 * (c[g.s + i]! - lo[i]!)) / w;
        out[g.s + i] = w > 0 && v - v === 0 ? v : Number.NaN;
      }
    },
  },
];

/** out = middle + k * pstd_20(C); pstd goes through scratch `t`. */
function band(c: Float64Array, mid: Float64Array, t: Float64Array, s: number, len: number, out: Float64Array, k: number): void {
  rollingStd(c, s, t, 0, len, 20, 0);
  for (let i = 0; i < len; i++) out[s + i] = mid[s + i]! + k * t[i]!;
}
