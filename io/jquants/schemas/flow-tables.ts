/** Field tables of the flow endpoints: investor types, weekly margin interest, daily margin alerts (spec §5.4). */
import { many, type FieldTable } from './build.ts';

/** Investor categories of `/equities/investor-types`, in the official order. */
export const INVESTOR_CATEGORIES: readonly string[] = [
  'Prop', 'Brk', 'Tot', 'Ind', 'Frgn', 'SecCo', 'InvTr', 'BusCo', 'OthCo', 'InsCo', 'Bank', 'TrstBnk', 'OthFin',
];
/** Value suffixes of each category: sales, purchases, total, balance. */
export const INVESTOR_SUFFIXES: readonly string[] = ['Sell', 'Buy', 'Tot', 'Bal'];
/** The 52 value keys (thousand yen). */
export const INVESTOR_VALUE_KEYS: readonly string[] = INVESTOR_CATEGORIES.flatMap((c) => INVESTOR_SUFFIXES.map((s) => c + s));

/** `/equities/investor-types`: 4 header keys and 52 values, 56 keys in all. */
export const INVESTOR_TYPES: FieldTable = {
  PubDate: 'date', StDate: 'date', EnDate: 'date', Section: 'str', ...many(INVESTOR_VALUE_KEYS, 'num|null'),
};

/** The six volume keys of `/markets/margin-interest`. */
export const MARGIN_INTEREST_VOLUMES: readonly string[] = ['ShrtVol', 'LongVol', 'ShrtNegVol', 'LongNegVol', 'ShrtStdVol', 'LongStdVol'];

/** `/markets/margin-interest` (weekly). */
export const MARGIN_INTEREST: FieldTable = { Date: 'date', Code: 'code', ...many(MARGIN_INTEREST_VOLUMES, 'num|null'), IssType: 'str' };

/** `/markets/margin-alert` (daily, designated issues). "-" = not published the day before, "*" = ETF. */
export const MARGIN_ALERT: FieldTable = {
  PubDate: 'date', Code: 'code', AppDate: 'date', PubReason: 'reason',
  ShrtOut: 'num|null', ShrtOutChg: 'num|-', ShrtOutRatio: 'num|*',
  LongOut: 'num|null', LongOutChg: 'num|-', LongOutRatio: 'num|*',
  SLRatio: 'num|null',
  ShrtNegOut: 'num|null', ShrtNegOutChg: 'num|-', ShrtStdOut: 'num|null', ShrtStdOutChg: 'num|-',
  LongNegOut: 'num|null', LongNegOutChg: 'num|-', LongStdOut: 'num|null', LongStdOutChg: 'num|-',
  TSEMrgnRegCls: 'str',
};
