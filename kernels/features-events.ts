/**
 * Registry entries of the event families (families.md §1-§4): 12 `flow_`, 9 `margin_`, 10 `dmi_`, 19 `stmt_`
 * columns. They are computed by the as-of joins (kernels/asof-join.ts and the four family kernels), which the
 * worker runs per shard after the per-code features (pass 'event', engine/events/event-shard.ts); `compute` is
 * never called for them. Integer and flag columns are written as float64 (0/1, integers, NaN = null).
 */
import type { Family, FeatureDef } from './feature-def.ts';
import { DMI_COLUMNS } from './features-dmi.ts';
import { FLOW_COLUMNS } from './features-flows.ts';
import { MARGIN_COLUMNS } from './features-margin.ts';
import { STMT_COLUMNS } from './features-statements.ts';

/** The definitions of families.md, one line each (what the column holds, not how it is joined). */
const DOCS: Readonly<Record<string, string>> = {
  flow_foreign_net_ratio: 'N(Frgn)/V(Frgn) of the section\'s current week W (§1)',
  flow_individual_net_ratio: 'N(Ind)/V(Ind) of W',
  flow_prop_net_ratio: 'N(Prop)/V(Prop) of W',
  flow_invtrust_net_ratio: 'N(InvTr)/V(InvTr) of W',
  flow_trustbank_net_ratio: 'N(TrstBnk)/V(TrstBnk) of W',
  flow_foreign_net_to_total: 'N(Frgn)/T of W',
  flow_foreign_share: 'V(Frgn)/T of W',
  flow_foreign_net_ratio_4w: 'value-weighted 4-week net ratio of foreigners',
  flow_individual_net_ratio_4w: 'value-weighted 4-week net ratio of individuals',
  flow_foreign_net_ratio_z52: 'z-score of flow_foreign_net_ratio over the last 52 weeks (ddof 1)',
  flow_activity_ratio: 'T of W over the mean T of the last 52 weeks',
  flow_days_since: 'business days since W first became usable (int)',
  margin_long_tot: 'weekly long margin balance on the volume basis (§2)',
  margin_short_tot: 'weekly short margin balance on the volume basis',
  margin_long_to_adv20: 'margin_long_tot / volume_ma_20',
  margin_short_to_adv20: 'margin_short_tot / volume_ma_20',
  margin_short_long_ratio: 'ShrtVol / LongVol',
  margin_d_long_to_adv20: 'week-over-week change of the long balance / (5 volume_ma_20)',
  margin_d_short_to_adv20: 'week-over-week change of the short balance / (5 volume_ma_20)',
  margin_issue_type: 'IssType 1, 2 or 3 (int8)',
  margin_days_since: 'business days since the record became effective (int)',
  dmi_is_alert: 'in the latest daily margin publication (flag, §3)',
  dmi_long_to_adv20: 'daily long balance on the volume basis / volume_ma_20',
  dmi_short_to_adv20: 'daily short balance on the volume basis / volume_ma_20',
  dmi_short_long_ratio: 'ShrtOut / LongOut',
  dmi_d_long_to_adv1d: 'published 1-day change of the long balance / volume_ma_20',
  dmi_d_short_to_adv1d: 'published 1-day change of the short balance / volume_ma_20',
  dmi_long_listed_ratio: 'LongOutRatio / 100',
  dmi_short_listed_ratio: 'ShrtOutRatio / 100',
  dmi_tse_reg_cls: 'TSEMrgnRegCls as an integer (int8, a category)',
  dmi_days_since_pub: 'business days since PubDate of the record used (int)',
  stmt_per: 'Close / forecast EPS on the price basis (§4)',
  stmt_earnings_yield: 'forecast EPS on the price basis / Close',
  stmt_pbr: 'Close / BPS on the price basis',
  stmt_dividend_yield: 'forecast annual dividend on the price basis / Close',
  stmt_roe: 'trailing-twelve-month NP / equity',
  stmt_opm: 'OP / Sales of the current report',
  stmt_equity_ratio: 'EqAR of the latest report that has it',
  stmt_yoy_sales: 'Sales against the same period of the previous year',
  stmt_yoy_op: 'OP against the same period of the previous year',
  stmt_yoy_np: 'NP against the same period of the previous year',
  stmt_progress_op: 'cumulative OP / full-year OP forecast (quarters)',
  stmt_fore_op_growth: 'OP forecast against last year\'s actual OP',
  stmt_rev_fore_op: 'size of the latest revision of the OP forecast',
  stmt_rev_fore_np: 'size of the latest revision of the NP forecast',
  stmt_rev_div_fore: 'size of the latest revision of the dividend forecast',
  stmt_imp_revision: 'a document effective today revised a forecast (flag)',
  stmt_imp_statement: 'a results or earnings-revision document is effective today (flag)',
  stmt_days_since_statement: 'business days since the latest results or revision document (int)',
  stmt_fiscal_quarter: 'CurPerType of the current report: 1Q 1, 2Q 2, 3Q 3, FY 4 (int8)',
};

const ADV = new Set(['margin_long_to_adv20', 'margin_short_to_adv20', 'margin_d_long_to_adv20', 'margin_d_short_to_adv20',
  'dmi_long_to_adv20', 'dmi_short_to_adv20', 'dmi_d_long_to_adv1d', 'dmi_d_short_to_adv1d']);

function notPerCode(): never {
  throw new Error('event columns are written by the as-of join pass, not per code');
}

function eventDefs(family: Family, columns: readonly string[]): FeatureDef[] {
  return columns.map((name) => ({
    name, family, window: 1, kind: 'f64', pass: 'event', doc: DOCS[name]!, compute: notPerCode,
    // Margin and daily-margin columns divide by row t's volume_ma_20; statements read Close.
    inputs: family === 'margin' || family === 'dmi' ? ['volume_ma_20'] : family === 'statements' ? ['close'] : [],
    firstValid: ADV.has(name) ? 19 : 0,
  }));
}

export const FLOWS: FeatureDef[] = eventDefs('flows', FLOW_COLUMNS);
export const MARGIN: FeatureDef[] = eventDefs('margin', MARGIN_COLUMNS);
export const DMI: FeatureDef[] = eventDefs('dmi', DMI_COLUMNS);
export const STATEMENTS: FeatureDef[] = eventDefs('statements', STMT_COLUMNS);
