/**
 * The feature catalogue written as nodejs-polars expressions, the way a polars user would: per-code windows with
 * `.over('Code')`, rolling_* for windows, shift for lags, ewm_mean for EMAs. Two workarounds, both stated in
 * RESULTS.md:
 * - SMA-seeded EMA/Wilder: polars' ewm_mean(adjust=false) starts from the first non-null value, so the series is
 *   fed as null before the seed row, SMA_n at the seed row, and the raw values after it.
 * - nodejs-polars 0.26.1 drops the `ddof` option of rollingStd/rollingVar (its JS wrapper never passes it), so the
 *   Bollinger population std is the sample std times sqrt((n-1)/n).
 * Beta has no rolling_cov in nodejs-polars: it is (mean(xy) - mean(x)mean(y)) / (mean(y^2) - mean(y)^2).
 * Code is cast to Categorical first, the usual polars advice for a grouping key.
 */
import pl from 'nodejs-polars';
import { FEATURE_NAMES, OUTPUT_COLUMNS } from './output-columns.ts';

type Expr = ReturnType<typeof pl.col>;
type Lazy = ReturnType<ReturnType<typeof pl.DataFrame>['lazy']>;

const col = pl.col;
const NULL = pl.lit(null);
const LN2 = Math.LN2;

/** Per-code window. */
const w = (e: Expr): Expr => e.over('Code');
/** Null unless `den` > 0, else num / den (features.md: null on division by zero). */
const safeDiv = (num: Expr, den: Expr): Expr => pl.when(den.gt(0)).then(num.div(den)).otherwise(NULL);
/** Sum of x over the last n rows of the code, added in row order (null while any is missing). */
function shiftSum(x: Expr, n: number): Expr {
  let s = x;
  for (let k = 1; k < n; k++) s = s.add(w(x.shift(k)));
  return s;
}
/**
 * rolling_mean over n rows, exactly 0 when every term of the window is 0. polars' sliding sum leaves a +-1e-19
 * residue there (what it added minus what it removed), and the sqrt of the volatility estimators turns that into
 * 7e-10 or NaN where the answer is 0: at 4.5 M rows that was 33 rows of parkinson_vol_20d and 554 of
 * garman_klass_vol_20d (codes whose range stays 0 for 20 days).
 */
function exactZeroMean(term: Expr, n: number): Expr {
  return pl.when(w(term.abs().rollingMax(n)).eq(0)).then(pl.lit(0)).otherwise(w(term.rollingMean(n)));
}
/** 1-based row number within the code. */
const rn = col('rn');

/**
 * EMA with smoothing `alpha` seeded with the mean of the first n values of x, where x's first non-null row is
 * `first` (0-based): null before the seed row, SMA_n at it, raw values after, then ewm_mean(adjust=false).
 */
function seededEma(x: Expr, n: number, alpha: number, first = 0): Expr {
  const seedRow = first + n; // 1-based row of the seed
  const fed = pl.when(rn.eq(seedRow)).then(w(x.rollingMean(n))).when(rn.gt(seedRow)).then(x).otherwise(NULL);
  return w(fed.ewmMean({ alpha, adjust: false, minPeriods: 1 }));
}

/** Raw bars + TOPIX -> the panel: split-adjusted, no-trade days filled, rows before the first trade dropped. */
export function panel(bars: Lazy, topix: Lazy): Lazy {
  return bars
    // Categorical codes make every .over('Code') group on integers (about 20% faster here than on strings)
    .withColumns(col('Code').cast(pl.Categorical))
    .join(topix.select(col('Date'), col('C').alias('mkt')), { on: 'Date', how: 'left', maintainOrder: 'left' })
    .withColumns(
      // F_t = product of AdjFactor over the code's rows strictly after t
      w(col('AdjFactor').shift(-1).fillNull(1).cumProd({ reverse: true })).alias('F'),
      col('C').isNotNull().alias('is_traded'),
    )
    .withColumns(w(col('C').mul(col('F')).forwardFill()).alias('Close'))
    .filter(col('Close').isNotNull())
    .withColumns(
      pl.when(col('is_traded')).then(col('O').mul(col('F'))).otherwise(col('Close')).alias('Open'),
      pl.when(col('is_traded')).then(col('H').mul(col('F'))).otherwise(col('Close')).alias('High'),
      pl.when(col('is_traded')).then(col('L').mul(col('F'))).otherwise(col('Close')).alias('Low'),
      pl.when(col('is_traded')).then(col('Vo').div(col('F'))).otherwise(pl.lit(0)).alias('Volume'),
      pl.when(col('is_traded')).then(col('Va')).otherwise(pl.lit(0)).alias('TurnoverValue'),
      pl.when(col('UL')).then(pl.lit(1)).when(col('LL')).then(pl.lit(-1)).otherwise(pl.lit(0)).cast(pl.Int8).alias('limit_hit'),
      w(col('Date').cumCount()).alias('rn'),
    );
}

/**
 * Every feature of the catalogue on a panel from `panel()`, then the output columns in the shared order. `more`
 * adds later stages (the opt-in families, polars-families.ts) and `columns`/`floats` name their output.
 */
export function features(p: Lazy, more?: { extend: (s: Lazy) => Lazy; columns: readonly string[]; floats: readonly string[] }): Lazy {
  const C = col('Close');
  const O = col('Open');
  const H = col('High');
  const L = col('Low');
  const V = col('Volume');
  const M = col('mkt');
  const Cp = w(C.shift(1));
  const ret = (n: number): Expr => C.div(w(C.shift(n))).sub(1);
  const mret = (n: number): Expr => M.div(w(M.shift(n))).sub(1);
  const hl = H.sub(L);

  const s1 = p.withColumns(
    ...[1, 5, 20, 60].map((n) => ret(n).alias(`returns_${n}d`)),
    ...[1, 5, 20, 60].map((n) => C.div(w(C.shift(n))).log().alias(`log_returns_${n}d`)),
    ...[1, 5, 20].map((n) => mret(n).alias(`m${n}`)),
    ...[5, 10, 20, 60].map((n) => w(C.rollingMean(n)).alias(`sma_${n}`)),
    ...[10, 20, 60].map((n) => seededEma(C, n, 2 / (n + 1)).alias(`ema_${n}`)),
    seededEma(C, 12, 2 / 13).sub(seededEma(C, 26, 2 / 27)).alias('macd'),
    C.sub(Cp).alias('d1'),
    pl.when(Cp.isNull()).then(NULL).otherwise(pl.maxHorizontal([hl, H.sub(Cp).abs(), L.sub(Cp).abs()])).alias('true_range'),
    w(C.rollingStd(20)).mul(Math.sqrt(19 / 20)).alias('pstd20'),
    w(L.rollingMin(14)).alias('lo14'),
    w(H.rollingMax(14)).alias('hi14'),
    ...[5, 20, 60].map((n) => w(V.rollingMean(n)).alias(`volume_ma_${n}`)),
    w(V.rollingStd(20)).alias('vstd20'),
    C.mul(V).alias('dollar_volume'),
    w(col('TurnoverValue').rollingSum(20)).alias('va20'),
    w(V.rollingSum(20)).alias('vo20'),
    exactZeroMean(H.div(L).log().pow(2), 20).alias('pk_mean'),
    exactZeroMean(H.div(L).log().pow(2).mul(0.5).sub(C.div(O).log().pow(2).mul(2 * LN2 - 1)), 20).alias('gk_mean'),
    ...[1, 5, 10, 20].map((h) => w(C.shift(-h)).div(C).sub(1).alias(`target_${h}d`)),
    ...[1, 5, 10, 20].map((h) => w(M.shift(-h)).div(M).sub(1).alias(`mf${h}`)),
  );

  const r1 = col('returns_1d');
  const m1 = col('m1');
  const gain = col('d1').clip(0, Number.MAX_VALUE);
  const loss = col('d1').mul(-1).clip(0, Number.MAX_VALUE);
  const s2 = s1.withColumns(
    w(r1.rollingStd(20)).alias('volatility_20d'),
    w(r1.rollingStd(60)).alias('volatility_60d'),
    // rolling_sum leaves a +-1e-19 residue after a window of zero returns (sqrt then gives NaN or 1e-10, not 0):
    // five shifted squares add up exactly, as gq's compensated sum does
    shiftSum(r1.pow(2), 5).pow(0.5).alias('realized_volatility_5d'),
    col('pk_mean').div(4 * LN2).pow(0.5).alias('parkinson_vol_20d'),
    pl.when(col('gk_mean').gtEq(0)).then(col('gk_mean').pow(0.5)).otherwise(NULL).alias('garman_klass_vol_20d'),
    C.div(col('sma_20')).sub(1).alias('price_to_sma_20'),
    C.div(col('sma_60')).sub(1).alias('price_to_sma_60'),
    col('sma_5').div(col('sma_20')).sub(1).alias('ma_cross_5_20'),
    seededEma(gain, 14, 1 / 14, 1).alias('wg'),
    seededEma(loss, 14, 1 / 14, 1).alias('wl'),
    seededEma(col('macd'), 9, 2 / 10, 25).alias('macd_signal'),
    col('sma_20').alias('bb_middle'),
    col('sma_20').add(col('pstd20').mul(2)).alias('bb_upper'),
    col('sma_20').sub(col('pstd20').mul(2)).alias('bb_lower'),
    safeDiv(C.sub(col('lo14')).mul(100), col('hi14').sub(col('lo14'))).alias('stoch_k_14'),
    V.div(col('volume_ma_20')).alias('volume_ratio'),
    col('volume_ma_5').div(col('volume_ma_20')).alias('volume_ratio_5_20'),
    V.sub(col('volume_ma_20')).div(col('vstd20')).alias('volume_zscore_20'),
    w(col('dollar_volume').rollingMean(20)).alias('adv_20'),
    safeDiv(col('va20'), col('vo20')).alias('vwap_20'),
    ...[1, 5, 20].map((n) => col(`returns_${n}d`).sub(col(`m${n}`)).alias(`alpha_${n}d_topix`)),
    ...[1, 5, 20].map((n) => col(`returns_${n}d`).add(1).div(col(`m${n}`).add(1)).sub(1).alias(`relative_strength_${n}d`)),
    w(r1.mul(m1).rollingMean(60)).alias('mxy'),
    w(r1.rollingMean(60)).alias('mx'),
    w(m1.rollingMean(60)).alias('my'),
    w(m1.pow(2).rollingMean(60)).alias('myy'),
    H.div(L).alias('high_low_ratio'),
    hl.div(C).alias('daily_range'),
    seededEma(col('true_range'), 14, 1 / 14, 1).alias('atr_14'),
    O.div(Cp).sub(1).alias('gap_open'),
    C.div(O).sub(1).alias('intraday_momentum'),
    safeDiv(H.sub(pl.maxHorizontal([O, C])), hl).alias('upper_shadow'),
    safeDiv(pl.minHorizontal([O, C]).sub(L), hl).alias('lower_shadow'),
    safeDiv(C.sub(L), hl).alias('close_location'),
    ...[1, 5, 10, 20].map((h) => col(`target_${h}d`).sub(col(`mf${h}`)).alias(`target_excess_${h}d`)),
  );

  const bw = col('bb_upper').sub(col('bb_lower'));
  const s3 = s2.withColumns(
    col('volatility_20d').div(col('volatility_60d')).alias('vol_ratio_20_60'),
    safeDiv(col('wg').mul(100), col('wg').add(col('wl'))).alias('rsi_14'),
    col('macd').sub(col('macd_signal')).alias('macd_histogram'),
    safeDiv(C.sub(col('bb_lower')), bw).alias('bb_pct_b'),
    bw.div(col('bb_middle')).alias('bb_width'),
    C.sub(col('vwap_20')).div(col('vwap_20')).alias('vwap_deviation'),
    safeDiv(col('mxy').sub(col('mx').mul(col('my'))), col('myy').sub(col('my').pow(2))).alias('beta_60d'),
    col('atr_14').div(C).alias('natr_14'),
  );

  // Output in gq's column order; a non-finite feature value is null (features.md).
  const floats = new Set(more?.floats ?? FEATURE_NAMES);
  const finite = (name: string): Expr => pl.when(col(name).isFinite()).then(col(name)).otherwise(NULL).alias(name);
  const s4 = more === undefined ? s3 : more.extend(s3);
  return s4.select(...(more?.columns ?? OUTPUT_COLUMNS).map((n) => (floats.has(n) ? finite(n) : col(n))));
}
