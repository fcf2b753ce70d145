/** The record types the client returns, in V2 field names (spec §5.4). Numbers are normalised; unknown keys may ride along. */
import type { BarRecord, TopixRecord } from '../../engine/raw-bars.ts';

export type { BarRecord, TopixRecord };

type Extra = { [key: string]: unknown };

/** `/equities/master`. */
export type MasterRecord = {
  Date: string; Code: string; CoName: string; CoNameEn: string; S17: string; S17Nm: string; S33: string; S33Nm: string;
  ScaleCat: string; Mkt: string; MktNm: string; Mrgn?: string; MrgnNm?: string; ProdCat?: string;
};

/** `/markets/calendar`: HolDiv "0" closed, "1" open, "2" half-day (open), "3" closed but OSE derivatives trade. */
export type CalendarRecord = { Date: string; HolDiv: '0' | '1' | '2' | '3' };

/** `/equities/investor-types` (values in thousand yen; 52 keys `<Category><Sell|Buy|Tot|Bal>`). */
export type InvestorTypeRecord = { PubDate: string; StDate: string; EnDate: string; Section: string } & Extra;

/** `/markets/margin-interest` (weekly). */
export type MarginInterestRecord = {
  Date: string; Code: string; ShrtVol: number | null; LongVol: number | null; ShrtNegVol: number | null;
  LongNegVol: number | null; ShrtStdVol: number | null; LongStdVol: number | null; IssType: string;
};

/** `/markets/margin-alert` (daily, designated issues); `*Chg` may be "-", `*Ratio` may be "*". */
export type MarginAlertRecord = { PubDate: string; Code: string; AppDate: string; PubReason: Record<string, string> } & Extra;

/** `/fins/summary` (107 keys; numbers normalised from strings, "" -> null). */
export type FinsSummaryRecord = { DiscDate: string; DiscTime: string; Code: string; DiscNo: string; DocType: string } & Extra;

/** `/fins/dividend`. */
export type FinsDividendRecord = { PubDate: string; PubTime: string; Code: string; RefNo: string; StatCode: string } & Extra;
