/**
 * Alpha158 (families.md §7): qlib's 158 expressions (loader.py, default config) on gq's split-adjusted bars, one
 * column `a158_<qlib name>` each, in qlib's order. Null rules §7.4-§7.5: first valid rows, inputs missing or not
 * finite, the guarded x / (y + 1e-12) (0 when both are 0, null when only y is), the 2e-5 sd masks, non-finite.
 * w ($vwap) is TurnoverValue / Volume, missing on a no-trade row.
 */
import type { FeatureDef, Segment } from './feature-def.ts';
import { memo } from './a158-memo.ts';
import { guarded, rollingCorr, rollingIdxExtreme, rollingOrderStats, rollingRegression } from './a158-rolling.ts';
import { rollingMax, rollingMin } from './rolling-extrema.ts';
import { rollingMean, rollingSum } from './rolling-mean.ts';
import { rollingStd } from './rolling-var.ts';

export const A158_WINDOWS = [5, 10, 20, 30, 60] as const;

const ALL = ['open', 'high', 'low', 'close', 'volume', 'turnover'] as const;

/** Finite or NaN. */
function fin(v: number): number {
  return v - v === 0 ? v : Number.NaN;
}

/** A pointwise column; `compute` loops over the code's rows itself (a per-row callback would be megamorphic). */
function pointwise(name: string, doc: string, compute: (g: Segment, out: Float64Array) => void): FeatureDef {
  return { name: `a158_${name}`, family: 'a158', inputs: [...ALL], window: 1, firstValid: 0, kind: 'f64', doc, compute };
}

/** A windowed column over d; `first` is the first valid row. */
function windowed(name: string, d: number, first: number, doc: string, compute: (g: Segment, out: Float64Array) => void): FeatureDef {
  return { name: `a158_${name}${d}`, family: 'a158', inputs: [...ALL], window: d, firstValid: first, kind: 'f64', doc, compute };
}

/** out_t = out_t / c_t (the `/$close` of most price groups). */
function overClose(g: Segment, out: Float64Array): void {
  const c = g.col.close!;
  for (let i = g.s; i < g.s + g.len; i++) out[i] = fin(out[i]! / c[i]!);
}

/** up_i = max(x_i - x_{i-1}, 0), dn_i = max(x_{i-1} - x_i, 0), ab_i = |x_i - x_{i-1}| over the code's rows; NaN on row 0. */
function diffTerms(g: Segment, x: Float64Array, up: Float64Array, dn: Float64Array, ab: Float64Array): void {
  up[0] = dn[0] = ab[0] = Number.NaN;
  for (let i = 1; i < g.len; i++) {
    const d = x[g.s + i]! - x[g.s + i - 1]!;
    up[i] = d > 0 ? d : 0;
    dn[i] = -d > 0 ? -d : 0;
    ab[i] = Math.abs(d);
  }
}

/** gt_i = [c_i > c_{i-1}], lt_i = [c_i < c_{i-1}] over the code's rows; NaN on row 0. */
function cmpTerms(g: Segment, gt: Float64Array, lt: Float64Array): void {
  const c = g.col.close!;
  gt[0] = lt[0] = Number.NaN;
  for (let i = 1; i < g.len; i++) {
    const a = c[g.s + i]!;
    const b = c[g.s + i - 1]!;
    gt[i] = a > b ? 1 : 0;
    lt[i] = a < b ? 1 : 0;
  }
}

/**
 * Sum(P, d) / (Sum(|Δ|, d) + 1e-12) style ratios over the differences of `name` (close or volume): P = up (sign 1),
 * down (-1), or up - down (0). The differences and the three sums per d are shared by SUMP/SUMN/SUMD (a158-memo.ts).
 */
function sumRatio(g: Segment, out: Float64Array, d: number, name: 'close' | 'volume', sign: 1 | -1 | 0): void {
  const [su, sd, sab] = memo(g, [`su:${name}:${d}`, `sd:${name}:${d}`, `sab:${name}:${d}`], (o) => {
    const [up, dn, ab] = memo(g, [`up:${name}`, `dn:${name}`, `ab:${name}`], (t) => diffTerms(g, g.col[name]!, t[0]!, t[1]!, t[2]!));
    rollingSum(up!, 0, o[0]!, 0, g.len, d);
    rollingSum(dn!, 0, o[1]!, 0, g.len, d);
    rollingSum(ab!, 0, o[2]!, 0, g.len, d);
  }) as [Float64Array, Float64Array, Float64Array];
  for (let i = 0; i < g.len; i++) {
    const num = sign === 1 ? su[i]! : sign === -1 ? sd[i]! : su[i]! - sd[i]!;
    out[g.s + i] = i < d ? Number.NaN : guarded(num, sab[i]!);
  }
}

/** out_t = fin(y_t / c_t) for a series y[0 .. len) of the code (the `/$close` of most price groups). */
function seriesOverClose(g: Segment, y: Float64Array, out: Float64Array): void {
  const c = g.col.close!;
  for (let i = 0; i < g.len; i++) out[g.s + i] = fin(y[i]! / c[g.s + i]!);
}

/** The code's order statistics of close over d (QTLU, QTLD, RANK; one sorted window for the three). */
function orderStats(g: Segment, d: number): Float64Array[] {
  return memo(g, [`qhi:${d}`, `qlo:${d}`, `rank:${d}`], (o) => rollingOrderStats(g.col.close!, g.s, g.len, d, 0.8, 0.2, o[0]!, o[1]!, o[2]!));
}

/** Rolling Max(high, d) and Min(low, d) of the code (MAX, MIN, RSV). */
const maxHigh = (g: Segment, d: number): Float64Array => memo(g, [`max:${d}`], (o) => rollingMax(g.col.high!, g.s, o[0]!, 0, g.len, d, g.deque))[0]!;
const minLow = (g: Segment, d: number): Float64Array => memo(g, [`min:${d}`], (o) => rollingMin(g.col.low!, g.s, o[0]!, 0, g.len, d, g.deque))[0]!;
/** IdxMax(high, d) and IdxMin(low, d) of the code (IMAX, IMIN, IMXD). */
const idxMax = (g: Segment, d: number): Float64Array => memo(g, [`imax:${d}`], (o) => rollingIdxExtreme(g.col.high!, g.s, o[0]!, 0, g.len, d, g.deque, true))[0]!;
const idxMin = (g: Segment, d: number): Float64Array => memo(g, [`imin:${d}`], (o) => rollingIdxExtreme(g.col.low!, g.s, o[0]!, 0, g.len, d, g.deque, false))[0]!;
/** [c_t > c_{t-1}] and [c_t < c_{t-1}] of the code, and their rolling means over d (CNTP, CNTN, CNTD). */
function cntMeans(g: Segment, d: number): Float64Array[] {
  return memo(g, [`cntp:${d}`, `cntn:${d}`], (o) => {
    const [gt, lt] = memo(g, ['gt', 'lt'], (t) => cmpTerms(g, t[0]!, t[1]!));
    rollingMean(gt!, 0, o[0]!, 0, g.len, d);
    rollingMean(lt!, 0, o[1]!, 0, g.len, d);
  });
}

function kbar(): FeatureDef[] {
  return [
    pointwise('KMID', '($close-$open)/$open', (g, out) => {
      const { open: o, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = fin((c![i]! - o![i]!) / o![i]!);
    }),
    pointwise('KLEN', '($high-$low)/$open', (g, out) => {
      const { open: o, high: h, low: l } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = fin((h![i]! - l![i]!) / o![i]!);
    }),
    pointwise('KMID2', '($close-$open)/($high-$low+1e-12)', (g, out) => {
      const { open: o, high: h, low: l, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = guarded(c![i]! - o![i]!, h![i]! - l![i]!);
    }),
    pointwise('KUP', '($high-Greater($open, $close))/$open', (g, out) => {
      const { open: o, high: h, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = fin((h![i]! - Math.max(o![i]!, c![i]!)) / o![i]!);
    }),
    pointwise('KUP2', '($high-Greater($open, $close))/($high-$low+1e-12)', (g, out) => {
      const { open: o, high: h, low: l, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = guarded(h![i]! - Math.max(o![i]!, c![i]!), h![i]! - l![i]!);
    }),
    pointwise('KLOW', '(Less($open, $close)-$low)/$open', (g, out) => {
      const { open: o, low: l, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = fin((Math.min(o![i]!, c![i]!) - l![i]!) / o![i]!);
    }),
    pointwise('KLOW2', '(Less($open, $close)-$low)/($high-$low+1e-12)', (g, out) => {
      const { open: o, high: h, low: l, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = guarded(Math.min(o![i]!, c![i]!) - l![i]!, h![i]! - l![i]!);
    }),
    pointwise('KSFT', '(2*$close-$high-$low)/$open', (g, out) => {
      const { open: o, high: h, low: l, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = fin((2 * c![i]! - h![i]! - l![i]!) / o![i]!);
    }),
    pointwise('KSFT2', '(2*$close-$high-$low)/($high-$low+1e-12)', (g, out) => {
      const { high: h, low: l, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = guarded(2 * c![i]! - h![i]! - l![i]!, h![i]! - l![i]!);
    }),
    pointwise('OPEN0', '$open/$close', (g, out) => {
      const { open: o, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = fin(o![i]! / c![i]!);
    }),
    pointwise('HIGH0', '$high/$close', (g, out) => {
      const { high: h, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = fin(h![i]! / c![i]!);
    }),
    pointwise('LOW0', '$low/$close', (g, out) => {
      const { low: l, close: c } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = fin(l![i]! / c![i]!);
    }),
    pointwise('VWAP0', '$vwap/$close, $vwap = TurnoverValue/Volume (missing when Volume = 0)', (g, out) => {
      const { close: c, volume: v, turnover: tv } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = v![i]! > 0 ? fin(tv![i]! / v![i]! / c![i]!) : Number.NaN;
    }),
  ];
}

type Group = (d: number) => FeatureDef;

const GROUPS: Group[] = [
  (d) => windowed('ROC', d, d, `Ref($close, ${d})/$close`, (g, out) => {
    const c = g.col.close!;
    for (let i = 0; i < g.len; i++) out[g.s + i] = i < d ? Number.NaN : fin(c[g.s + i - d]! / c[g.s + i]!);
  }),
  (d) => windowed('MA', d, d - 1, `Mean($close, ${d})/$close`, (g, out) => { rollingMean(g.col.close!, g.s, out, g.s, g.len, d); overClose(g, out); }),
  (d) => windowed('STD', d, d - 1, `Std($close, ${d})/$close`, (g, out) => { rollingStd(g.col.close!, g.s, out, g.s, g.len, d, 1); overClose(g, out); }),
  (d) => windowed('BETA', d, d - 1, `Slope($close, ${d})/$close`, (g, out) => { rollingRegression(g.col.close!, g.s, out, g.s, g.len, d, 'slope'); overClose(g, out); }),
  (d) => windowed('RSQR', d, d - 1, `Rsquare($close, ${d})`, (g, out) => rollingRegression(g.col.close!, g.s, out, g.s, g.len, d, 'rsquare')),
  (d) => windowed('RESI', d, d - 1, `Resi($close, ${d})/$close`, (g, out) => { rollingRegression(g.col.close!, g.s, out, g.s, g.len, d, 'resi'); overClose(g, out); }),
  (d) => windowed('MAX', d, d - 1, `Max($high, ${d})/$close`, (g, out) => seriesOverClose(g, maxHigh(g, d), out)),
  (d) => windowed('MIN', d, d - 1, `Min($low, ${d})/$close`, (g, out) => seriesOverClose(g, minLow(g, d), out)),
  (d) => windowed('QTLU', d, d - 1, `Quantile($close, ${d}, 0.8)/$close`, (g, out) => seriesOverClose(g, orderStats(g, d)[0]!, out)),
  (d) => windowed('QTLD', d, d - 1, `Quantile($close, ${d}, 0.2)/$close`, (g, out) => seriesOverClose(g, orderStats(g, d)[1]!, out)),
  (d) => windowed('RANK', d, d - 1, `Rank($close, ${d})`, (g, out) => out.set(orderStats(g, d)[2]!.subarray(0, g.len), g.s)),
  (d) => windowed('RSV', d, d - 1, `($close-Min($low, ${d}))/(Max($high, ${d})-Min($low, ${d})+1e-12)`, (g, out) => {
    const mx = maxHigh(g, d);
    const mn = minLow(g, d);
    const c = g.col.close!;
    for (let i = 0; i < g.len; i++) out[g.s + i] = guarded(c[g.s + i]! - mn[i]!, mx[i]! - mn[i]!);
  }),
  (d) => windowed('IMAX', d, d - 1, `IdxMax($high, ${d})/${d}`, (g, out) => {
    const p = idxMax(g, d);
    for (let i = 0; i < g.len; i++) out[g.s + i] = p[i]! / d;
  }),
  (d) => windowed('IMIN', d, d - 1, `IdxMin($low, ${d})/${d}`, (g, out) => {
    const p = idxMin(g, d);
    for (let i = 0; i < g.len; i++) out[g.s + i] = p[i]! / d;
  }),
  (d) => windowed('IMXD', d, d - 1, `(IdxMax($high, ${d})-IdxMin($low, ${d}))/${d}`, (g, out) => {
    const mx = idxMax(g, d);
    const mn = idxMin(g, d);
    for (let i = 0; i < g.len; i++) out[g.s + i] = (mx[i]! - mn[i]!) / d;
  }),
  (d) => windowed('CORR', d, d - 1, `Corr($close, Log($volume+1), ${d})`, (g, out) => {
    const [cc, lv] = memo(g, ['cc', 'lv'], ([cc, lv]) => {
      const { close: c, volume: v } = g.col;
      for (let i = 0; i < g.len; i++) { lv![i] = Math.log(v![g.s + i]! + 1); cc![i] = c![g.s + i]!; }
    });
    rollingCorr(cc!, lv!, 0, out, g.s, g.len, d);
  }),
  (d) => windowed('CORD', d, d, `Corr($close/Ref($close,1), Log($volume/Ref($volume, 1)+1), ${d})`, (g, out) => {
    const [a, b] = memo(g, ['cord_a', 'cord_b'], ([a, b]) => {
      const { close: c, volume: v } = g.col;
      a![0] = b![0] = Number.NaN;
      for (let i = 1; i < g.len; i++) {
        const j = g.s + i;
        a![i] = fin(c![j]! / c![j - 1]!);
        b![i] = fin(Math.log(v![j]! / v![j - 1]! + 1));
      }
    });
    rollingCorr(a!, b!, 0, out, g.s, g.len, d);
  }),
  (d) => windowed('CNTP', d, d, `Mean($close>Ref($close, 1), ${d})`, (g, out) => out.set(cntMeans(g, d)[0]!.subarray(0, g.len), g.s)),
  (d) => windowed('CNTN', d, d, `Mean($close<Ref($close, 1), ${d})`, (g, out) => out.set(cntMeans(g, d)[1]!.subarray(0, g.len), g.s)),
  (d) => windowed('CNTD', d, d, `Mean($close>Ref($close, 1), ${d})-Mean($close<Ref($close, 1), ${d})`, (g, out) => {
    const [up, dn] = cntMeans(g, d) as [Float64Array, Float64Array];
    for (let i = 0; i < g.len; i++) out[g.s + i] = up[i]! - dn[i]!;
  }),
  (d) => windowed('SUMP', d, d, `Sum(Greater($close-Ref($close, 1), 0), ${d})/(Sum(Abs($close-Ref($close, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, 'close', 1)),
  (d) => windowed('SUMN', d, d, `Sum(Greater(Ref($close, 1)-$close, 0), ${d})/(Sum(Abs($close-Ref($close, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, 'close', -1)),
  (d) => windowed('SUMD', d, d, `(Sum(Greater($close-Ref($close, 1), 0), ${d})-Sum(Greater(Ref($close, 1)-$close, 0), ${d}))/(Sum(Abs($close-Ref($close, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, 'close', 0)),
  (d) => windowed('VMA', d, d - 1, `Mean($volume, ${d})/($volume+1e-12)`, (g, out) => {
    const v = g.col.volume!;
    rollingMean(v, g.s, out, g.s, g.len, d);
    for (let i = g.s; i < g.s + g.len; i++) out[i] = guarded(out[i]!, v[i]!);
  }),
  (d) => windowed('VSTD', d, d - 1, `Std($volume, ${d})/($volume+1e-12)`, (g, out) => {
    const v = g.col.volume!;
    rollingStd(v, g.s, out, g.s, g.len, d, 1);
    for (let i = g.s; i < g.s + g.len; i++) out[i] = guarded(out[i]!, v[i]!);
  }),
  (d) => windowed('WVMA', d, d, `Std(Abs($close/Ref($close, 1)-1)*$volume, ${d})/(Mean(Abs($close/Ref($close, 1)-1)*$volume, ${d})+1e-12)`, (g, out) => {
    const { close: c, volume: v } = g.col;
    const t = g.tmp[0]!;
    t[0] = Number.NaN;
    for (let i = 1; i < g.len; i++) { const j = g.s + i; t[i] = fin(Math.abs(c![j]! / c![j - 1]! - 1) * v![j]!); }
    const sd = g.tmp[1]!;
    const mean = g.tmp[2]!;
    rollingStd(t, 0, sd, 0, g.len, d, 1);
    rollingMean(t, 0, mean, 0, g.len, d);
    for (let i = 0; i < g.len; i++) out[g.s + i] = guarded(sd[i]!, mean[i]!);
  }),
  (d) => windowed('VSUMP', d, d, `Sum(Greater($volume-Ref($volume, 1), 0), ${d})/(Sum(Abs($volume-Ref($volume, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, 'volume', 1)),
  (d) => windowed('VSUMN', d, d, `Sum(Greater(Ref($volume, 1)-$volume, 0), ${d})/(Sum(Abs($volume-Ref($volume, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, 'volume', -1)),
  (d) => windowed('VSUMD', d, d, `(Sum(Greater($volume-Ref($volume, 1), 0), ${d})-Sum(Greater(Ref($volume, 1)-$volume, 0), ${d}))/(Sum(Abs($volume-Ref($volume, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, 'volume', 0)),
];

/** The 158 Alpha158 columns in qlib's order: kbar (9), price (4), then each rolling group over d = 5, 10, 20, 30, 60. */
export const A158: FeatureDef[] = [...kbar(), ...GROUPS.flatMap((grp) => A158_WINDOWS.map((d) => grp(d)))];

