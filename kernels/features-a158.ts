/**
 * Alpha158 (families.md §7): qlib's 158 expressions (loader.py, default config) on gq's split-adjusted bars, one
 * column `a158_<qlib name>` each, in qlib's order. Null rules §7.4-§7.5: first valid rows, inputs missing or not
 * finite, the guarded x / (y + 1e-12) (0 when both are 0, null when only y is), the 2e-5 sd masks, non-finite.
 * w ($vwap) is TurnoverValue / Volume, missing on a no-trade row.
 */
import type { FeatureDef, Segment } from './feature-def.ts';
import { guarded, rollingCorr, rollingIdxExtreme, rollingOrder, rollingRegression } from './a158-rolling.ts';
import { rollingMax, rollingMin } from './rolling-extrema.ts';
import { rollingMean, rollingSum } from './rolling-mean.ts';
import { rollingStd } from './rolling-var.ts';

export const A158_WINDOWS = [5, 10, 20, 30, 60] as const;

const ALL = ['open', 'high', 'low', 'close', 'volume', 'turnover'] as const;

/** Finite or NaN. */
function fin(v: number): number {
  return v - v === 0 ? v : Number.NaN;
}

/** A pointwise column: out_t = f(o, h, l, c, v, tv) at each row. */
function pointwise(name: string, doc: string, f: (o: number, h: number, l: number, c: number, v: number, tv: number) => number): FeatureDef {
  return {
    name: `a158_${name}`, family: 'a158', inputs: [...ALL], window: 1, firstValid: 0, kind: 'f64', doc,
    compute: (g, out) => {
      const { open: o, high: h, low: l, close: c, volume: v, turnover: tv } = g.col;
      for (let i = g.s; i < g.s + g.len; i++) out[i] = fin(f(o![i]!, h![i]!, l![i]!, c![i]!, v![i]!, tv![i]!));
    },
  };
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

/** tmp[j][i] = f(row i) for the code's rows, with row 0 NaN when the term reads the previous row. */
function term(g: Segment, j: number, lag: boolean, f: (i: number) => number): Float64Array {
  const t = g.tmp[j]!;
  for (let i = 0; i < g.len; i++) t[i] = lag && i === 0 ? Number.NaN : f(g.s + i);
  return t;
}

/** Sum(P, d) / (Sum(|Δ|, d) + 1e-12) style ratios: num(tmpA, tmpB) over the guarded sum of tmpC. */
function sumRatio(g: Segment, out: Float64Array, d: number, x: Float64Array, sign: 1 | -1 | 0): void {
  const up = term(g, 0, true, (i) => Math.max(x[i]! - x[i - 1]!, 0));
  const dn = term(g, 1, true, (i) => Math.max(x[i - 1]! - x[i]!, 0));
  const ab = term(g, 2, true, (i) => Math.abs(x[i]! - x[i - 1]!));
  const su = g.tmp[3]!;
  rollingSum(up, 0, su, 0, g.len, d);
  rollingSum(dn, 0, up, 0, g.len, d); // up now holds Sum(down)
  rollingSum(ab, 0, dn, 0, g.len, d); // dn now holds Sum(|Δ|)
  for (let i = 0; i < g.len; i++) {
    const num = sign === 1 ? su[i]! : sign === -1 ? up[i]! : su[i]! - up[i]!;
    out[g.s + i] = i < d ? Number.NaN : guarded(num, dn[i]!);
  }
}

function kbar(): FeatureDef[] {
  return [
    pointwise('KMID', '($close-$open)/$open', (o, _h, _l, c) => (c - o) / o),
    pointwise('KLEN', '($high-$low)/$open', (o, h, l) => (h - l) / o),
    pointwise('KMID2', '($close-$open)/($high-$low+1e-12)', (o, h, l, c) => guarded(c - o, h - l)),
    pointwise('KUP', '($high-Greater($open, $close))/$open', (o, h, _l, c) => (h - Math.max(o, c)) / o),
    pointwise('KUP2', '($high-Greater($open, $close))/($high-$low+1e-12)', (o, h, l, c) => guarded(h - Math.max(o, c), h - l)),
    pointwise('KLOW', '(Less($open, $close)-$low)/$open', (o, _h, l, c) => (Math.min(o, c) - l) / o),
    pointwise('KLOW2', '(Less($open, $close)-$low)/($high-$low+1e-12)', (o, h, l, c) => guarded(Math.min(o, c) - l, h - l)),
    pointwise('KSFT', '(2*$close-$high-$low)/$open', (o, h, l, c) => (2 * c - h - l) / o),
    pointwise('KSFT2', '(2*$close-$high-$low)/($high-$low+1e-12)', (_o, h, l, c) => guarded(2 * c - h - l, h - l)),
    pointwise('OPEN0', '$open/$close', (o, _h, _l, c) => o / c),
    pointwise('HIGH0', '$high/$close', (_o, h, _l, c) => h / c),
    pointwise('LOW0', '$low/$close', (_o, _h, l, c) => l / c),
    pointwise('VWAP0', '$vwap/$close, $vwap = TurnoverValue/Volume (missing when Volume = 0)', (_o, _h, _l, c, v, tv) => (v > 0 ? tv / v / c : Number.NaN)),
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
  (d) => windowed('MAX', d, d - 1, `Max($high, ${d})/$close`, (g, out) => { rollingMax(g.col.high!, g.s, out, g.s, g.len, d, g.deque); overClose(g, out); }),
  (d) => windowed('MIN', d, d - 1, `Min($low, ${d})/$close`, (g, out) => { rollingMin(g.col.low!, g.s, out, g.s, g.len, d, g.deque); overClose(g, out); }),
  (d) => windowed('QTLU', d, d - 1, `Quantile($close, ${d}, 0.8)/$close`, (g, out) => { rollingOrder(g.col.close!, g.s, out, g.s, g.len, d, { kind: 'quantile', q: 0.8 }); overClose(g, out); }),
  (d) => windowed('QTLD', d, d - 1, `Quantile($close, ${d}, 0.2)/$close`, (g, out) => { rollingOrder(g.col.close!, g.s, out, g.s, g.len, d, { kind: 'quantile', q: 0.2 }); overClose(g, out); }),
  (d) => windowed('RANK', d, d - 1, `Rank($close, ${d})`, (g, out) => rollingOrder(g.col.close!, g.s, out, g.s, g.len, d, { kind: 'rank' })),
  (d) => windowed('RSV', d, d - 1, `($close-Min($low, ${d}))/(Max($high, ${d})-Min($low, ${d})+1e-12)`, (g, out) => {
    const mx = g.tmp[0]!;
    const mn = g.tmp[1]!;
    rollingMax(g.col.high!, g.s, mx, 0, g.len, d, g.deque);
    rollingMin(g.col.low!, g.s, mn, 0, g.len, d, g.deque);
    const c = g.col.close!;
    for (let i = 0; i < g.len; i++) out[g.s + i] = guarded(c[g.s + i]! - mn[i]!, mx[i]! - mn[i]!);
  }),
  (d) => windowed('IMAX', d, d - 1, `IdxMax($high, ${d})/${d}`, (g, out) => {
    rollingIdxExtreme(g.col.high!, g.s, out, g.s, g.len, d, g.deque, true);
    for (let i = g.s; i < g.s + g.len; i++) out[i] = out[i]! / d;
  }),
  (d) => windowed('IMIN', d, d - 1, `IdxMin($low, ${d})/${d}`, (g, out) => {
    rollingIdxExtreme(g.col.low!, g.s, out, g.s, g.len, d, g.deque, false);
    for (let i = g.s; i < g.s + g.len; i++) out[i] = out[i]! / d;
  }),
  (d) => windowed('IMXD', d, d - 1, `(IdxMax($high, ${d})-IdxMin($low, ${d}))/${d}`, (g, out) => {
    const mx = g.tmp[0]!;
    rollingIdxExtreme(g.col.high!, g.s, mx, 0, g.len, d, g.deque, true);
    rollingIdxExtreme(g.col.low!, g.s, out, g.s, g.len, d, g.deque, false);
    for (let i = 0; i < g.len; i++) out[g.s + i] = (mx[i]! - out[g.s + i]!) / d;
  }),
  (d) => windowed('CORR', d, d - 1, `Corr($close, Log($volume+1), ${d})`, (g, out) => {
    const v = g.col.volume!;
    const lv = term(g, 0, false, (i) => Math.log(v[i]! + 1));
    const c = term(g, 1, false, (i) => g.col.close![i]!);
    rollingCorr(c, lv, 0, g.tmp[2]!, 0, g.len, d);
    out.set(g.tmp[2]!.subarray(0, g.len), g.s);
  }),
  (d) => windowed('CORD', d, d, `Corr($close/Ref($close,1), Log($volume/Ref($volume, 1)+1), ${d})`, (g, out) => {
    const { close: c, volume: v } = g.col;
    const a = term(g, 0, true, (i) => fin(c![i]! / c![i - 1]!));
    const b = term(g, 1, true, (i) => fin(Math.log(v![i]! / v![i - 1]! + 1)));
    rollingCorr(a, b, 0, g.tmp[2]!, 0, g.len, d);
    out.set(g.tmp[2]!.subarray(0, g.len), g.s);
  }),
  (d) => windowed('CNTP', d, d, `Mean($close>Ref($close, 1), ${d})`, (g, out) => {
    const c = g.col.close!;
    rollingMean(term(g, 0, true, (i) => (c[i]! > c[i - 1]! ? 1 : 0)), 0, out, g.s, g.len, d);
  }),
  (d) => windowed('CNTN', d, d, `Mean($close<Ref($close, 1), ${d})`, (g, out) => {
    const c = g.col.close!;
    rollingMean(term(g, 0, true, (i) => (c[i]! < c[i - 1]! ? 1 : 0)), 0, out, g.s, g.len, d);
  }),
  (d) => windowed('CNTD', d, d, `Mean($close>Ref($close, 1), ${d})-Mean($close<Ref($close, 1), ${d})`, (g, out) => {
    const c = g.col.close!;
    const dn = g.tmp[2]!;
    rollingMean(term(g, 0, true, (i) => (c[i]! > c[i - 1]! ? 1 : 0)), 0, out, g.s, g.len, d);
    rollingMean(term(g, 1, true, (i) => (c[i]! < c[i - 1]! ? 1 : 0)), 0, dn, 0, g.len, d);
    for (let i = 0; i < g.len; i++) out[g.s + i] = out[g.s + i]! - dn[i]!;
  }),
  (d) => windowed('SUMP', d, d, `Sum(Greater($close-Ref($close, 1), 0), ${d})/(Sum(Abs($close-Ref($close, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, g.col.close!, 1)),
  (d) => windowed('SUMN', d, d, `Sum(Greater(Ref($close, 1)-$close, 0), ${d})/(Sum(Abs($close-Ref($close, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, g.col.close!, -1)),
  (d) => windowed('SUMD', d, d, `(Sum(Greater($close-Ref($close, 1), 0), ${d})-Sum(Greater(Ref($close, 1)-$close, 0), ${d}))/(Sum(Abs($close-Ref($close, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, g.col.close!, 0)),
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
    const t = term(g, 0, true, (i) => fin(Math.abs(c![i]! / c![i - 1]! - 1) * v![i]!));
    const sd = g.tmp[1]!;
    const mean = g.tmp[2]!;
    rollingStd(t, 0, sd, 0, g.len, d, 1);
    rollingMean(t, 0, mean, 0, g.len, d);
    for (let i = 0; i < g.len; i++) out[g.s + i] = guarded(sd[i]!, mean[i]!);
  }),
  (d) => windowed('VSUMP', d, d, `Sum(Greater($volume-Ref($volume, 1), 0), ${d})/(Sum(Abs($volume-Ref($volume, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, g.col.volume!, 1)),
  (d) => windowed('VSUMN', d, d, `Sum(Greater(Ref($volume, 1)-$volume, 0), ${d})/(Sum(Abs($volume-Ref($volume, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, g.col.volume!, -1)),
  (d) => windowed('VSUMD', d, d, `(Sum(Greater($volume-Ref($volume, 1), 0), ${d})-Sum(Greater(Ref($volume, 1)-$volume, 0), ${d}))/(Sum(Abs($volume-Ref($volume, 1)), ${d})+1e-12)`, (g, out) => sumRatio(g, out, d, g.col.volume!, 0)),
];

/** The 158 Alpha158 columns in qlib's order: kbar (9), price (4), then each rolling group over d = 5, 10, 20, 30, 60. */
export const A158: FeatureDef[] = [...kbar(), ...GROUPS.flatMap((grp) => A158_WINDOWS.map((d) => grp(d)))];

