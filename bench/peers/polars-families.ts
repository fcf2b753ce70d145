/**
 * The opt-in families of issue 15 (families.md §5-§8) as nodejs-polars expressions, for the peer bench's
 * `--families a158|all` mode: Alpha158 as rolling expressions per code, sector-relative columns over (Date, S33)
 * groups, cross-sectional ranks and z-scores over Date groups. Written the way a polars user would, with these
 * choices (stated in bench/results/families15.md):
 * - Lags: the panel is sorted by (Code, Date), so Ref(x, k) is a plain shift masked by the 1-based row number
 *   (`rn > k`), cheaper than k separate `.over('Code')` windows (polars' advantage, not gq's).
 * - Slope: rolling_sum with the weights (p - p̄) (oldest first), which equals Σ(p-p̄)(x-x̄) since the weights sum
 *   to 0; Rsquare and Resi follow from it and rolling_var.
 * - Rank(x, d) and IdxMax/IdxMin have no rolling operator in nodejs-polars: they are written over the d lags
 *   (counts of lags below / equal to x_t; the smallest position whose lag equals the rolling max).
 * - Corr has no rolling operator either: rolling means of a·b, a, b with a centred on the code's first close
 *   (Corr is invariant to the shift), and rolling_std for the sds and the 2e-5 masks.
 * - Windows of exact zeros (SUMP..VSUMD, WVMA): polars' sliding sum leaves a +-1e-19 residue, so the expression
 *   takes 0 where the window's max |term| is 0, as polars-features.ts does for the volatility estimators.
 */
import pl from 'nodejs-polars';

type Expr = ReturnType<typeof pl.col>;

const col = pl.col;
const NULL = pl.lit(null);
const WINDOWS = [5, 10, 20, 30, 60] as const;

/** Per-code window. */
const w = (e: Expr): Expr => e.over('Code');
const rn = col('rn');
/** x at row t-k of the same code (null before the code's (k+1)-th row). */
const lag = (x: Expr, k: number): Expr => (k === 0 ? x : pl.when(rn.gt(k)).then(x.shift(k)).otherwise(NULL));
/** qlib's x / (y + 1e-12) under §7.5 rule 3: 0 when both are exactly 0, null when only y is. */
const guarded = (x: Expr, y: Expr): Expr => pl.when(y.eq(0)).then(pl.when(x.eq(0)).then(pl.lit(0)).otherwise(NULL)).otherwise(x.div(y.add(1e-12)));
/** x when finite, else null (pandas' rolling skips what is null; a non-finite input nulls its windows). */
const finiteOrNull = (x: Expr): Expr => pl.when(x.isFinite()).then(x).otherwise(NULL);
/** Rolling sum of `term` over d rows, exactly 0 when every term of the window is 0. */
const exactSum = (term: Expr, d: number): Expr => pl.when(w(term.abs().rollingMax(d)).eq(0)).then(pl.lit(0)).otherwise(w(term.rollingSum(d)));

/** The 158 Alpha158 columns (qlib order, names a158_*), as expressions over Open..TurnoverValue and rn. */
export function a158Exprs(): Expr[] {
  const O = col('Open');
  const H = col('High');
  const L = col('Low');
  const C = col('Close');
  const V = col('Volume');
  const VW = pl.when(V.gt(0)).then(col('TurnoverValue').div(V)).otherwise(NULL);
  const hl = H.sub(L);
  const mx = pl.maxHorizontal([O, C]);
  const mn = pl.minHorizontal([O, C]);
  const out: Expr[] = [
    C.sub(O).div(O).alias('a158_KMID'),
    hl.div(O).alias('a158_KLEN'),
    guarded(C.sub(O), hl).alias('a158_KMID2'),
    H.sub(mx).div(O).alias('a158_KUP'),
    guarded(H.sub(mx), hl).alias('a158_KUP2'),
    mn.sub(L).div(O).alias('a158_KLOW'),
    guarded(mn.sub(L), hl).alias('a158_KLOW2'),
    C.mul(2).sub(H).sub(L).div(O).alias('a158_KSFT'),
    guarded(C.mul(2).sub(H).sub(L), hl).alias('a158_KSFT2'),
    O.div(C).alias('a158_OPEN0'),
    H.div(C).alias('a158_HIGH0'),
    L.div(C).alias('a158_LOW0'),
    VW.div(C).alias('a158_VWAP0'),
  ];
  const C1 = lag(C, 1);
  const V1 = lag(V, 1);
  const dC = C.sub(C1);
  const dV = V.sub(V1);
  const up = (d: Expr): Expr => pl.when(d.isNull()).then(NULL).otherwise(pl.maxHorizontal([d, pl.lit(0)]));
  const dn = (d: Expr): Expr => pl.when(d.isNull()).then(NULL).otherwise(pl.maxHorizontal([d.mul(-1), pl.lit(0)]));
  const lv = V.add(1).log();
  // CORR's close, centred on the code's first close (Corr is shift-invariant; the moments cancel less).
  const Cc = C.sub(w(C.first()));
  const cordA = finiteOrNull(C.div(C1));
  const cordB = finiteOrNull(V.div(V1).add(1).log());
  const wv = finiteOrNull(C.div(C1).sub(1).abs().mul(V));
  const slope = (d: number): Expr => {
    const pbar = (d + 1) / 2;
    const spp = (d * (d * d - 1)) / 12;
    return w(C.rollingSum({ windowSize: d, weights: Array.from({ length: d }, (_, j) => j + 1 - pbar) })).div(spp);
  };
  const corr = (a: Expr, b: Expr, d: number): Expr => {
    const ma = w(a.rollingMean(d));
    const mb = w(b.rollingMean(d));
    const sa = w(a.rollingStd(d));
    const sb = w(b.rollingStd(d));
    const cov = w(a.mul(b).rollingMean(d)).sub(ma.mul(mb)).mul(d / (d - 1));
    return pl.when(sa.ltEq(2e-5).or(sb.ltEq(2e-5))).then(NULL).otherwise(cov.div(sa.mul(sb)));
  };
  /** 1-based position (oldest = 1) of the earliest row of the window equal to the window's extreme m. */
  const idx = (x: Expr, m: Expr, d: number): Expr => pl.minHorizontal(Array.from({ length: d }, (_, j) => pl.when(lag(x, d - 1 - j).eq(m)).then(pl.lit(j + 1)).otherwise(NULL)));
  const sumRatio = (dx: Expr, d: number, sign: 1 | -1 | 0): Expr => {
    const su = exactSum(up(dx), d);
    const sd = exactSum(dn(dx), d);
    const sab = exactSum(dx.abs(), d);
    return guarded(sign === 1 ? su : sign === -1 ? sd : su.sub(sd), sab);
  };
  const groups: ((d: number) => Expr)[] = [
    (d) => lag(C, d).div(C).alias(`a158_ROC${d}`),
    (d) => w(C.rollingMean(d)).div(C).alias(`a158_MA${d}`),
    (d) => w(C.rollingStd(d)).div(C).alias(`a158_STD${d}`),
    (d) => slope(d).div(C).alias(`a158_BETA${d}`),
    (d) => {
      const spp = (d * (d * d - 1)) / 12;
      const sxy = slope(d).mul(spp);
      const sxx = w(C.rollingVar(d)).mul(d - 1);
      return pl.when(w(C.rollingStd(d)).ltEq(2e-5)).then(NULL).otherwise(sxy.pow(2).div(sxx.mul(spp))).alias(`a158_RSQR${d}`);
    },
    (d) => C.sub(w(C.rollingMean(d))).sub(slope(d).mul(d - (d + 1) / 2)).div(C).alias(`a158_RESI${d}`),
    (d) => w(H.rollingMax(d)).div(C).alias(`a158_MAX${d}`),
    (d) => w(L.rollingMin(d)).div(C).alias(`a158_MIN${d}`),
    (d) => w(C.rollingQuantile({ quantile: 0.8, interpolation: 'linear', windowSize: d })).div(C).alias(`a158_QTLU${d}`),
    (d) => w(C.rollingQuantile({ quantile: 0.2, interpolation: 'linear', windowSize: d })).div(C).alias(`a158_QTLD${d}`),
    (d) => {
      const less = pl.sumHorizontal(Array.from({ length: d - 1 }, (_, k) => lag(C, k + 1).lt(C).cast(pl.Float64)));
      const eq = pl.sumHorizontal(Array.from({ length: d - 1 }, (_, k) => lag(C, k + 1).eq(C).cast(pl.Float64)));
      return pl.when(lag(C, d - 1).isNull()).then(NULL).otherwise(less.add(eq.add(2).div(2)).div(d)).alias(`a158_RANK${d}`);
    },
    (d) => {
      const hi = w(H.rollingMax(d));
      const lo = w(L.rollingMin(d));
      return guarded(C.sub(lo), hi.sub(lo)).alias(`a158_RSV${d}`);
    },
    (d) => idx(H, w(H.rollingMax(d)), d).div(d).alias(`a158_IMAX${d}`),
    (d) => idx(L, w(L.rollingMin(d)), d).div(d).alias(`a158_IMIN${d}`),
    (d) => idx(H, w(H.rollingMax(d)), d).sub(idx(L, w(L.rollingMin(d)), d)).div(d).alias(`a158_IMXD${d}`),
    (d) => corr(Cc, lv, d).alias(`a158_CORR${d}`),
    (d) => corr(cordA, cordB, d).alias(`a158_CORD${d}`),
    (d) => w(C.gt(C1).cast(pl.Float64).rollingMean(d)).alias(`a158_CNTP${d}`),
    (d) => w(C.lt(C1).cast(pl.Float64).rollingMean(d)).alias(`a158_CNTN${d}`),
    (d) => w(C.gt(C1).cast(pl.Float64).rollingMean(d)).sub(w(C.lt(C1).cast(pl.Float64).rollingMean(d))).alias(`a158_CNTD${d}`),
    (d) => sumRatio(dC, d, 1).alias(`a158_SUMP${d}`),
    (d) => sumRatio(dC, d, -1).alias(`a158_SUMN${d}`),
    (d) => sumRatio(dC, d, 0).alias(`a158_SUMD${d}`),
    (d) => guarded(w(V.rollingMean(d)), V).alias(`a158_VMA${d}`),
    (d) => guarded(w(V.rollingStd(d)), V).alias(`a158_VSTD${d}`),
    (d) => {
      const zero = w(wv.rollingMax(d)).eq(0);
      return pl.when(zero).then(pl.lit(0)).otherwise(guarded(w(wv.rollingStd(d)), w(wv.rollingMean(d)))).alias(`a158_WVMA${d}`);
    },
    (d) => sumRatio(dV, d, 1).alias(`a158_VSUMP${d}`),
    (d) => sumRatio(dV, d, -1).alias(`a158_VSUMN${d}`),
    (d) => sumRatio(dV, d, 0).alias(`a158_VSUMD${d}`),
  ];
  for (const g of groups) for (const d of WINDOWS) out.push(g(d));
  return out;
}

const CS_INPUTS = ['returns_1d', 'returns_5d', 'returns_20d', 'returns_60d', 'volatility_20d', 'beta_60d', 'rsi_14',
  'price_to_sma_20', 'volume_ratio_5_20', 'log_adv_20'] as const;

/** Percentile rank (average ties, in (0, 1]) of x among the date's non-null values; null below 2. */
function pctRank(x: Expr): Expr {
  const n = x.count().over('Date');
  return pl.when(x.isNull().or(n.lt(2))).then(NULL).otherwise(x.rank('average').over('Date').cast(pl.Float64).div(n));
}

/**
 * Sector (§5, over (Date, S33), leave-one-out), cross-sectional (§6, over Date) and target_rank_5d (§8) columns, on
 * a frame holding the core features, is_traded and S33 (Int32; -1 or 9999 = no sector).
 */
export function dateExprs(): Expr[] {
  const S = col('S33');
  const hasSec = S.gtEq(0).and(S.neq(9999));
  const traded = col('is_traded');
  const by = ['Date', 'S33'] as const;
  /** Leave-one-out sum and count of x over the traded codes of the row's sector with a value. */
  const loo = (name: string): { sum: Expr; cnt: Expr; mine: Expr } => {
    const xin = pl.when(traded.and(col(name).isNotNull()).and(hasSec)).then(col(name)).otherwise(NULL);
    const sum = xin.sum().over(...by).sub(xin.fillNull(0));
    const cnt = xin.count().over(...by).sub(xin.isNotNull().cast(pl.Int32));
    return { sum, cnt, mine: xin };
  };
  const mean = (name: string): Expr => {
    const { sum, cnt } = loo(name);
    return pl.when(hasSec.and(cnt.gtEq(3))).then(sum.div(cnt)).otherwise(NULL);
  };
  const out: Expr[] = [];
  for (const n of [1, 5, 20]) out.push(mean(`returns_${n}d`).alias(`sec_ret_${n}d_eq_loo`));
  for (const n of [1, 5, 20]) out.push(col(`returns_${n}d`).sub(mean(`returns_${n}d`)).alias(`rel_to_sec_${n}d`));
  const mv = mean('volatility_20d');
  out.push(pl.when(mv.eq(0)).then(NULL).otherwise(col('volatility_20d').div(mv)).alias('sec_rel_vol_20d'));
  {
    const { cnt, mine } = loo('returns_1d');
    const pos = mine.gt(0).cast(pl.Int32);
    const posLoo = pos.sum().over(...by).sub(pos.fillNull(0));
    out.push(pl.when(hasSec.and(cnt.gtEq(3))).then(posLoo.cast(pl.Float64).div(cnt)).otherwise(NULL).alias('sec_breadth_1d'));
  }
  out.push(pl.when(hasSec).then(pl.when(traded.and(hasSec)).then(pl.lit(1)).otherwise(pl.lit(0)).sum().over(...by).cast(pl.Float64)).otherwise(NULL).alias('sec_member_cnt'));
  for (const x of CS_INPUTS) {
    const v = x === 'log_adv_20' ? pl.when(col('adv_20').gt(0)).then(col('adv_20').log()).otherwise(NULL) : col(x);
    out.push(pctRank(v).alias(`cs_rank_${x}`));
    const n = v.count().over('Date');
    const sd = v.std().over('Date');
    const flat = v.max().over('Date').eq(v.min().over('Date'));
    out.push(pl.when(v.isNull().or(n.lt(2)).or(flat)).then(NULL).otherwise(v.sub(v.mean().over('Date')).div(sd)).alias(`cs_z_${x}`));
  }
  const breadth = (x: Expr): Expr => {
    const n = x.count().over('Date');
    return pl.when(n.gtEq(2)).then(x.gt(0).cast(pl.Int32).sum().over('Date').cast(pl.Float64).div(n)).otherwise(NULL);
  };
  out.push(breadth(pl.when(traded).then(col('returns_1d')).otherwise(NULL)).alias('cs_breadth_1d'));
  out.push(breadth(col('price_to_sma_20')).alias('cs_breadth_sma20'));
  out.push(pctRank(col('target_5d')).alias('target_rank_5d'));
  return out;
}
