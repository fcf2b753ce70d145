/** Field tables of `/fins/summary` (107 keys) and `/fins/dividend` (spec §5.4). */
import { many, type FieldTable } from './build.ts';

const RESULT = ['Sales', 'OP', 'OdP', 'NP', 'EPS', 'DEPS', 'TA', 'Eq', 'EqAR', 'BPS', 'CFO', 'CFI', 'CFF', 'CashEq'];
const DIV = ['Div1Q', 'Div2Q', 'Div3Q', 'DivFY', 'DivAnn', 'DivUnit', 'DivTotalAnn', 'PayoutRatioAnn'];
const F_DIV = DIV.map((k) => `F${k}`);
const NXF_DIV = ['NxFDiv1Q', 'NxFDiv2Q', 'NxFDiv3Q', 'NxFDivFY', 'NxFDivAnn', 'NxFDivUnit', 'NxFPayoutRatioAnn'];
const F = ['FSales', 'FOP', 'FOdP', 'FNP', 'FEPS'];
// The irregular lower-case p of NxFNp / NxFNp2Q is the official spelling.
const NXF = ['NxFSales', 'NxFOP', 'NxFOdP', 'NxFNp', 'NxFEPS'];
const SHARES = ['ShOutFY', 'TrShFY', 'AvgSh'];
const NC = ['NCSales', 'NCOP', 'NCOdP', 'NCNP', 'NCEPS', 'NCTA', 'NCEq', 'NCEqAR', 'NCBPS'];
const FNC = ['FNCSales', 'FNCOP', 'FNCOdP', 'FNCNP', 'FNCEPS'];
const NXFNC = ['NxFNCSales', 'NxFNCOP', 'NxFNCOdP', 'NxFNCNP', 'NxFNCEPS'];

/** Header keys of a summary record (strings). */
export const SUMMARY_HEADER: readonly string[] = [
  'DiscDate', 'DiscTime', 'Code', 'DiscNo', 'DocType', 'CurPerType', 'CurPerSt', 'CurPerEn', 'CurFYSt', 'CurFYEn', 'NxtFYSt', 'NxtFYEn',
];
/** Change flags ("true"/"false"/""). */
export const SUMMARY_FLAGS: readonly string[] = ['MatChgSub', 'SigChgInC', 'ChgByASRev', 'ChgNoASRev', 'ChgAcEst', 'RetroRst'];
/** The 89 numeric keys (strings on the wire in the official sample). */
export const SUMMARY_NUMBERS: readonly string[] = [
  ...RESULT, ...DIV, ...F_DIV, ...NXF_DIV,
  ...F.map((k) => `${k}2Q`), ...NXF.map((k) => `${k}2Q`), ...F, ...NXF,
  ...SHARES, ...NC, ...FNC.map((k) => `${k}2Q`), ...NXFNC.map((k) => `${k}2Q`), ...FNC, ...NXFNC,
];

/**
 * `/fins/summary`. Only the identifying header keys are required; the rest may be missing on older
 * disclosures. Numbers arrive as strings with "" for none, so these records take the lenient pass, which
 * turns them into numbers and nulls. "-" (an undecided dividend forecast) and "*" are kept: the statements
 * family reads them as null and counts them per field (families.md §0 Parsing, §4.5).
 */
export const FINS_SUMMARY: FieldTable = {
  DiscDate: 'date', DiscTime: 'str', Code: 'code', DiscNo: 'str', DocType: 'str',
  ...many(SUMMARY_HEADER.slice(5), 'str?'),
  ...many(SUMMARY_NUMBERS, 'num|-|*?'),
  ...many(SUMMARY_FLAGS, 'str?'),
};

/** `/fins/dividend`. "-" = undecided, "" = not set. */
export const FINS_DIVIDEND: FieldTable = {
  PubDate: 'date', PubTime: 'str', Code: 'code', RefNo: 'str', StatCode: 'str', BoardDate: 'str', IFCode: 'str',
  FRCode: 'str', IFTerm: 'str', DivRate: 'num|-', RecDate: 'str', ExDate: 'str', ActRecDate: 'str', PayDate: 'str',
  CARefNo: 'str', DistAmt: 'num|-', RetEarn: 'num|-', DeemDiv: 'num|-', DeemCapGains: 'num|-', NetAssetDecRatio: 'num|-',
  CommSpecCode: 'str', CommDivRate: 'num|-', SpecDivRate: 'num|-',
};
