/**
 * The feature catalogue as DuckDB SQL, the way a DuckDB user would write it: window functions over
 * (PARTITION BY Code ORDER BY Date) with ROWS frames, lag/lead for shifts, regr_slope for beta, CASE on the row
 * number for "null while the window is not full". DuckDB has no EMA, so the SMA-seeded EMAs (ema_*, macd and its
 * signal, the Wilder averages of RSI and ATR) come from one recursive CTE that walks every code one row per
 * iteration; it reads its rows from a table ordered by (rn, Code), so each iteration's join only touches the row
 * groups of the next row number (zone maps), which is what makes it feasible at millions of rows.
 * Every statement is returned as text; duckdb-child.ts runs them in order.
 */
import { FEATURE_NAMES, OUTPUT_COLUMNS } from './output-columns.ts';

const W = 'PARTITION BY Code ORDER BY Date';

/** A DOUBLE literal (bare decimals are DECIMAL in DuckDB, which would change the arithmetic). */
const d = (x: number): string => `${x}::DOUBLE`;
/** An aggregate over the last n rows, null before `first` (the 0-based row where the window is first full). */
const roll = (agg: string, x: string, n: number, first: number): string =>
  `CASE WHEN rn >= ${first} THEN ${agg}(${x}) OVER (${W} ROWS BETWEEN ${n - 1} PRECEDING AND CURRENT ROW) END`;
const lag = (x: string, n: number): string => `lag(${x}, ${n}) OVER (${W})`;
const lead = (x: string, n: number): string => `lead(${x}, ${n}) OVER (${W})`;
/** num / den, null when den is not > 0 (features.md: null on division by zero). */
const safeDiv = (num: string, den: string): string => `CASE WHEN ${den} > 0 THEN ${num} / ${den} END`;

/** Loads the two input files into tables (the "read" stage). */
export function readSql(bars: string, topix: string): string[] {
  return [
    `CREATE TABLE bars AS SELECT * FROM read_parquet('${bars}')`,
    `CREATE TABLE topix AS SELECT Date, C AS mkt FROM read_parquet('${topix}')`,
  ];
}

/** The panel and every feature, ending in table `out` (the "compute" stage). */
export function computeSql(): string[] {
  return [
    // Panel: TOPIX joined per row, split factor F (product of AdjFactor strictly after the row), no-trade fill,
    // rows before the first trade dropped (WHERE runs before the window functions of the same SELECT).
    `CREATE TEMP TABLE panel AS
     WITH f AS (
       SELECT b.*, t.mkt,
         coalesce(product(AdjFactor) OVER (${W} ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 1::DOUBLE) AS F
       FROM bars b LEFT JOIN topix t USING (Date)
     ), g AS (
       SELECT *, C IS NOT NULL AS is_traded,
         last_value(C * F IGNORE NULLS) OVER (${W} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS Close
       FROM f
     )
     SELECT Code, Date, mkt, is_traded, Close,
       CASE WHEN is_traded THEN O * F ELSE Close END AS Open,
       CASE WHEN is_traded THEN H * F ELSE Close END AS High,
       CASE WHEN is_traded THEN L * F ELSE Close END AS Low,
       CASE WHEN is_traded THEN Vo / F ELSE 0::DOUBLE END AS Volume,
       CASE WHEN is_traded THEN Va ELSE 0::DOUBLE END AS TurnoverValue,
       (CASE WHEN UL THEN 1 WHEN LL THEN -1 ELSE 0 END)::TINYINT AS limit_hit,
       (row_number() OVER (${W}) - 1)::INTEGER AS rn
     FROM g WHERE Close IS NOT NULL`,
    // Row-level terms: shifts, returns, gains/losses, true range, per-row terms of the volatility estimators.
    `CREATE TEMP TABLE s1 AS
     SELECT *,
       ${[1, 5, 20, 60].map((n) => `Close / ${lag('Close', n)} - 1 AS returns_${n}d`).join(',\n       ')},
       ${[1, 5, 20, 60].map((n) => `ln(Close / ${lag('Close', n)}) AS log_returns_${n}d`).join(',\n       ')},
       ${[1, 5, 20].map((n) => `mkt / ${lag('mkt', n)} - 1 AS m${n}`).join(',\n       ')},
       ${lag('Close', 1)} AS Cp,
       Close - ${lag('Close', 1)} AS d1,
       ln(High / Low) AS lnhl,
       ln(Close / Open) AS lnco,
       ${[1, 5, 10, 20].map((h) => `${lead('Close', h)} / Close - 1 AS target_${h}d`).join(',\n       ')},
       ${[1, 5, 10, 20].map((h) => `${lead('mkt', h)} / mkt - 1 AS mf${h}`).join(',\n       ')}
     FROM panel`,
    // Intermediate tables are dropped as soon as the next stage holds what it needs, to bound memory.
    'DROP TABLE panel',
    // Windows over the row-level terms.
    `CREATE TEMP TABLE s2 AS
     SELECT *,
       ${[5, 10, 12, 20, 26, 60].map((n) => `${roll('avg', 'Close', n, n - 1)} AS sma_${n}`).join(',\n       ')},
       ${roll('stddev_pop', 'Close', 20, 19)} AS pstd20,
       ${roll('min', 'Low', 14, 13)} AS lo14,
       ${roll('max', 'High', 14, 13)} AS hi14,
       ${[5, 20, 60].map((n) => `${roll('avg', 'Volume', n, n - 1)} AS volume_ma_${n}`).join(',\n       ')},
       ${roll('stddev_samp', 'Volume', 20, 19)} AS vstd20,
       ${roll('sum', 'TurnoverValue', 20, 19)} AS va20,
       ${roll('sum', 'Volume', 20, 19)} AS vo20,
       ${roll('avg', 'Close * Volume', 20, 19)} AS adv_20,
       ${roll('avg', 'lnhl * lnhl', 20, 19)} AS pk_mean,
       ${roll('avg', `${d(0.5)} * lnhl * lnhl - ${d(2 * Math.LN2 - 1)} * lnco * lnco`, 20, 19)} AS gk_mean,
       ${roll('stddev_samp', 'returns_1d', 20, 20)} AS volatility_20d,
       ${roll('stddev_samp', 'returns_1d', 60, 60)} AS volatility_60d,
       ${roll('sum', 'returns_1d * returns_1d', 5, 5)} AS rv_sum,
       ${roll('regr_slope', 'returns_1d, m1', 60, 60)} AS beta_raw,
       ${roll('var_pop', 'm1', 60, 60)} AS m1_var,
       CASE WHEN d1 > 0 THEN d1 ELSE 0::DOUBLE END AS gain,
       CASE WHEN d1 < 0 THEN -d1 ELSE 0::DOUBLE END AS loss,
       CASE WHEN rn >= 1 THEN greatest(High - Low, abs(High - Cp), abs(Low - Cp)) END AS true_range
     FROM s1`,
    'DROP TABLE s1',
    // Seeds of the Wilder averages: the mean of rows 1..14 (changes and true range start at row 1).
    `CREATE TEMP TABLE seq AS
     SELECT Code, rn, Close, gain, loss, true_range, sma_10, sma_20, sma_60, sma_12, sma_26,
       ${roll('avg', 'gain', 14, 14)} AS gseed,
       ${roll('avg', 'loss', 14, 14)} AS lseed,
       ${roll('avg', 'true_range', 14, 14)} AS tseed
     FROM s2 ORDER BY rn, Code`,
    emaSql(),
    'DROP TABLE seq',
    outSql(),
    'DROP TABLE s2',
    'DROP TABLE ema',
  ];
}

/** One step of a seeded EMA: the seed at row `seedRow`, then alpha * x + (1 - alpha) * previous. */
function step(prev: string, x: string, seed: string, seedRow: number, alpha: number): string {
  return `CASE WHEN s.rn = ${seedRow} THEN ${seed} WHEN s.rn > ${seedRow} THEN ${x} * ${d(alpha)} + r.${prev} * ${d(1 - alpha)} END`;
}

/**
 * Every recursive average in one recursive CTE over (Code, rn): EMA 10/20/60/12/26 of Close, the MACD signal
 * (EMA 9 of macd, seeded with the mean of macd rows 25..33 accumulated in `msum`), and Wilder 14 of gains, losses
 * and true range.
 */
function emaSql(): string {
  const e12 = step('e12', 's.Close', 's.sma_12', 11, 2 / 13);
  const e26 = step('e26', 's.Close', 's.sma_26', 25, 2 / 27);
  const macd = `((${e12}) - (${e26}))`;
  const msum = `CASE WHEN s.rn = 25 THEN ${macd} WHEN s.rn BETWEEN 26 AND 33 THEN r.msum + ${macd} END`;
  const sig = `CASE WHEN s.rn = 33 THEN (${msum}) / ${d(9)} WHEN s.rn > 33 THEN ${macd} * ${d(0.2)} + r.sig * ${d(1 - 0.2)} END`;
  const nul = 'NULL::DOUBLE';
  return `CREATE TEMP TABLE ema AS
    WITH RECURSIVE r(Code, rn, e10, e20, e60, e12, e26, msum, sig, wg, wl, atr) AS (
      SELECT Code, rn, ${Array(10).fill(nul).join(', ')} FROM seq WHERE rn = 0
      UNION ALL
      SELECT s.Code, s.rn,
        ${step('e10', 's.Close', 's.sma_10', 9, 2 / 11)},
        ${step('e20', 's.Close', 's.sma_20', 19, 2 / 21)},
        ${step('e60', 's.Close', 's.sma_60', 59, 2 / 61)},
        ${e12}, ${e26}, ${msum}, ${sig},
        ${step('wg', 's.gain', 's.gseed', 14, 1 / 14)},
        ${step('wl', 's.loss', 's.lseed', 14, 1 / 14)},
        ${step('atr', 's.true_range', 's.tseed', 14, 1 / 14)}
      FROM r JOIN seq s ON s.Code = r.Code AND s.rn = r.rn + 1
    )
    SELECT Code, rn, e10 AS ema_10, e20 AS ema_20, e60 AS ema_60, e12 - e26 AS macd, sig AS macd_signal, wg, wl, atr AS atr_14 FROM r`;
}

/** The output table: identity, flags and every feature, each non-finite value made null. */
function outSql(): string {
  const bw = '(bb_upper - bb_lower)';
  const f: Record<string, string> = {
    volatility_20d: 'volatility_20d',
    volatility_60d: 'volatility_60d',
    realized_volatility_5d: 'CASE WHEN rv_sum >= 0 THEN sqrt(rv_sum) END',
    parkinson_vol_20d: `CASE WHEN pk_mean >= 0 THEN sqrt(pk_mean / ${d(4 * Math.LN2)}) END`,
    garman_klass_vol_20d: 'CASE WHEN gk_mean >= 0 THEN sqrt(gk_mean) END',
    vol_ratio_20_60: safeDiv('volatility_20d', 'volatility_60d'),
    price_to_sma_20: 'Close / sma_20 - 1',
    price_to_sma_60: 'Close / sma_60 - 1',
    ma_cross_5_20: 'sma_5 / sma_20 - 1',
    rsi_14: safeDiv(`${d(100)} * wg`, '(wg + wl)'),
    macd_histogram: 'macd - macd_signal',
    bb_middle: 'sma_20',
    bb_pct_b: safeDiv('(Close - bb_lower)', bw),
    bb_width: `${bw} / sma_20`,
    stoch_k_14: safeDiv(`${d(100)} * (Close - lo14)`, '(hi14 - lo14)'),
    volume_ratio: 'Volume / volume_ma_20',
    volume_ratio_5_20: 'volume_ma_5 / volume_ma_20',
    volume_zscore_20: safeDiv('(Volume - volume_ma_20)', 'vstd20'),
    dollar_volume: 'Close * Volume',
    vwap_20: safeDiv('va20', 'vo20'),
    vwap_deviation: `(Close - ${safeDiv('va20', 'vo20')}) / ${safeDiv('va20', 'vo20')}`,
    beta_60d: 'CASE WHEN m1_var > 0 THEN beta_raw END',
    high_low_ratio: 'High / Low',
    daily_range: '(High - Low) / Close',
    natr_14: 'atr_14 / Close',
    gap_open: 'Open / Cp - 1',
    intraday_momentum: 'Close / Open - 1',
    upper_shadow: safeDiv('(High - greatest(Open, Close))', '(High - Low)'),
    lower_shadow: safeDiv('(least(Open, Close) - Low)', '(High - Low)'),
    close_location: safeDiv('(Close - Low)', '(High - Low)'),
  };
  for (const n of [1, 5, 20]) {
    f[`alpha_${n}d_topix`] = `returns_${n}d - m${n}`;
    f[`relative_strength_${n}d`] = `(1 + returns_${n}d) / (1 + m${n}) - 1`;
  }
  for (const h of [1, 5, 10, 20]) f[`target_excess_${h}d`] = `target_${h}d - mf${h}`;
  const floats = new Set(FEATURE_NAMES);
  const exprs = OUTPUT_COLUMNS.map((name) => {
    if (!floats.has(name)) return name;
    const e = f[name] ?? name;
    return `CASE WHEN isfinite(${e}) THEN ${e} END AS ${name}`;
  });
  return `CREATE TABLE out AS
    WITH b AS (
      SELECT s2.*, ema.ema_10, ema.ema_20, ema.ema_60, ema.macd, ema.macd_signal, ema.wg, ema.wl, ema.atr_14,
        sma_20 + ${d(2)} * pstd20 AS bb_upper, sma_20 - ${d(2)} * pstd20 AS bb_lower
      FROM s2 JOIN ema USING (Code, rn)
    )
    SELECT ${exprs.join(',\n      ')}
    FROM b`;
}

/** Writes table `out` (the "write" stage), ZSTD level 1 as gq and polars do. */
export function writeSql(out: string): string[] {
  return [`COPY out TO '${out}' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)`];
}
