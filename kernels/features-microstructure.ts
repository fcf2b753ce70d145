/** Microstructure (features.md "Microstructure"): bar shape, true range and ATR, gaps, and the limit flag. */
import type { FeatureDef, Segment } from './feature-def.ts';
import { wilder } from './ema.ts';
import { diffOver, ratio, ratioMinusOne } from './elementwise.ts';

/** Writes v / w, null unless w > 0 and the result is finite. */
function put(out: Float64Array, i: number, v: number, w: number): void {
  const r = v / w;
  out[i] = w > 0 && r - r === 0 ? r : Number.NaN;
}

/** (H - max(O, C)) / (H - L). */
function upperShadow(g: Segment, out: Float64Array): void {
  const { open: o, high: h, low: l, close: c } = g.col as Record<string, Float64Array>;
  for (let i = g.s; i < g.s + g.len; i++) {
    const top = o![i]! > c![i]! ? o![i]! : c![i]!;
    put(out, i, h![i]! - top, h![i]! - l![i]!);
  }
}

/** (min(O, C) - L) / (H - L). */
function lowerShadow(g: Segment, out: Float64Array): void {
  const { open: o, high: h, low: l, close: c } = g.col as Record<string, Float64Array>;
  for (let i = g.s; i < g.s + g.len; i++) {
    const bottom = o![i]! < c![i]! ? o![i]! : c![i]!;
    put(out, i, bottom - l![i]!, h![i]! - l![i]!);
  }
}

/** (C - L) / (H - L). */
function closeLocation(g: Segment, out: Float64Array): void {
  const { high: h, low: l, close: c } = g.col as Record<string, Float64Array>;
  for (let i = g.s; i < g.s + g.len; i++) put(out, i, c![i]! - l![i]!, h![i]! - l![i]!);
}

export const MICROSTRUCTURE: FeatureDef[] = [
  {
    name: 'high_low_ratio', family: 'microstructure', inputs: ['high', 'low'], window: 1, firstValid: 0, kind: 'f64',
    doc: 'H / L',
    compute: (g, out) => ratio(g.col.high!, g.col.low!, g.s, g.len, out),
  },
  {
    name: 'daily_range', family: 'microstructure', inputs: ['high', 'low', 'close'], window: 1, firstValid: 0, kind: 'f64',
    doc: '(H - L) / C',
    compute: (g, out) => diffOver(g.col.high!, g.col.low!, g.col.close!, g.s, g.len, out),
  },
  {
    name: 'true_range', family: 'microstructure', inputs: ['high', 'low', 'close'], window: 2, firstValid: 1, kind: 'f64',
    doc: 'max(H - L, |H - C_{t-1}|, |L - C_{t-1}|)',
    compute: (g, out) => {
      const { high: h, low: l, close: c } = g.col;
      if (g.len > 0) out[g.s] = Number.NaN;
      for (let i = g.s + 1; i < g.s + g.len; i++) {
        const p = c![i - 1]!;
        out[i] = Math.max(h![i]! - l![i]!, Math.abs(h![i]! - p), Math.abs(l![i]! - p));
      }
    },
  },
  {
    name: 'atr_14', family: 'microstructure', inputs: ['true_range'], window: 15, firstValid: 14, kind: 'f64',
    doc: 'Wilder_14(true_range), seeded with the mean of true_range rows 1..14',
    compute: (g, out) => wilder(g.col.true_range!, g.s, out, g.s, g.len, 14),
  },
  {
    name: 'natr_14', family: 'microstructure', inputs: ['atr_14', 'close'], window: 15, firstValid: 14, kind: 'f64',
    doc: 'atr_14 / C',
    compute: (g, out) => ratio(g.col.atr_14!, g.col.close!, g.s, g.len, out),
  },
  {
    name: 'gap_open', family: 'microstructure', inputs: ['open', 'close'], window: 2, firstValid: 1, kind: 'f64',
    doc: 'O / C_{t-1} - 1',
    compute: (g, out) => {
      const o = g.col.open!;
      const c = g.col.close!;
      if (g.len > 0) out[g.s] = Number.NaN;
      for (let i = g.s + 1; i < g.s + g.len; i++) {
        const v = o[i]! / c[i - 1]! - 1;
        out[i] = v - v === 0 ? v : Number.NaN;
      }
    },
  },
  {
    name: 'intraday_momentum', family: 'microstructure', inputs: ['close', 'open'], window: 1, firstValid: 0, kind: 'f64',
    doc: 'C / O - 1',
    compute: (g, out) => ratioMinusOne(g.col.close!, g.col.open!, g.s, g.len, out),
  },
  {
    name: 'upper_shadow', family: 'microstructure', inputs: ['open', 'high', 'low', 'close'], window: 1, firstValid: 0, kind: 'f64',
    doc: '(H - max(O, C)) / (H - L)',
    compute: upperShadow,
  },
  {
    name: 'lower_shadow', family: 'microstructure', inputs: ['open', 'high', 'low', 'close'], window: 1, firstValid: 0, kind: 'f64',
    doc: '(min(O, C) - L) / (H - L)',
    compute: lowerShadow,
  },
  {
    name: 'close_location', family: 'microstructure', inputs: ['high', 'low', 'close'], window: 1, firstValid: 0, kind: 'f64',
    doc: '(C - L) / (H - L)',
    compute: closeLocation,
  },
  {
    name: 'limit_hit', family: 'microstructure', inputs: [], window: 1, firstValid: 0, kind: 'i8',
    doc: '+1 upper limit, -1 lower limit, 0 (from UL/LL); copied from the panel',
    compute: () => {},
  },
];
