/**
 * From V2 records to the joins of a run (families.md §0-§4): parses each present family's records into its event
 * table, takes each row's flow section from the panel's point-in-time market, and counts per family what the
 * metadata and the quality report record: records in the table, corrections, expiries, rejections.
 */
import { countCorrections } from './build-table.ts';
import type { EventTable } from '../../kernels/asof-join.ts';
import { DMI_MAX_AGE } from '../../kernels/features-dmi.ts';
import { FLOW_MAX_AGE } from '../../kernels/features-flows.ts';
import { MARGIN_MAX_AGE } from '../../kernels/features-margin.ts';
import { STMT_STALE_DAYS } from '../../kernels/features-statements.ts';
import type { TradingCalendar } from '../calendar/trading-calendar.ts';
import { bdOrdinals } from './bd-ordinals.ts';
import { dmiTable } from './dmi-table.ts';
import { flowsTable } from './flows-table.ts';
import { prepareEventJoin, type EventFamily, type EventJoin, type EventPanel, type EventSources } from './join-events.ts';
import { marginTable } from './margin-table.ts';
import type { ParseReport } from './parse-fields.ts';
import { sectionsOfMarket } from './sections.ts';
import { statementsTable } from './statements-table.ts';

type Rec = Record<string, unknown>;

/** Records per family in API order; a family left out is absent (no access, or not asked for). */
export type EventRecords = Partial<Record<EventFamily, readonly Rec[]>>;

/** What one family's records gave. */
export type FamilyCounts = {
  endpoint: string;
  /** Records received. */
  records: number;
  /** Records in the event table (valid, of a code or section of this run). */
  used: number;
  /** Records that replace an earlier record of the same object (a newer PubDate, a re-sent Date, a restated period). */
  corrected: number;
  /** Table records whose values ran out of age before a newer record of their group replaced them. */
  expired: number;
  /** Records quarantined (a missing or malformed key field). */
  rejected: number;
  /** Records of codes (or sections) this run does not hold. */
  otherCodes: number;
  /** Non-empty, non-numeric strings read as null, per field ("-", "*" and the like). */
  nonNumeric: Record<string, number>;
  /** Anything else reported: unknown DocTypes, excluded REIT documents, unknown TSEMrgnRegCls. */
  notes: Record<string, unknown>;
};

export type BuiltEvents = { join: EventJoin; counts: Partial<Record<EventFamily, FamilyCounts>>; reports: ParseReport[] };

/** The panel fields this needs: the join's columns plus each row's market (-1 or absent: no section). */
export type SourcePanel = EventPanel & { codes: readonly string[]; market?: Int32Array };

/** Builds the event tables of the present families and the joins' inputs over `panel` (in shared memory). */
export function buildEvents(panel: SourcePanel, recs: EventRecords, cal: TradingCalendar): BuiltEvents {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < panel.rows; i++) { const d = panel.date[i]!; if (d < first) first = d; if (d > last) last = d; }
  if (panel.rows === 0) first = last = 0;
  // Statements reach 800 calendar days back (families.md §9); records older than the span share its first ordinal.
  const ordinals = bdOrdinals(cal, first - 1200, last + 400);
  const src: EventSources = { ordinals };
  const counts: Partial<Record<EventFamily, FamilyCounts>> = {};
  const reports: ParseReport[] = [];
  const lastOrd = ordinals.atOrAfter(last);
  const count = (rep: ParseReport, table: EventTable, otherCodes: number, expired: number, notes: Record<string, unknown>): FamilyCounts => {
    reports.push(rep);
    return {
      endpoint: rep.endpoint, records: rep.records, used: table.eff.length, corrected: countCorrections(table), expired,
      rejected: rep.rejected.length, otherCodes, nonNumeric: rep.nonNumeric, notes,
    };
  };
  if (recs.flows !== undefined) {
    const t = flowsTable(recs.flows, ordinals);
    src.flows = { table: t.table, section: sectionsOfMarket(panel.market ?? new Int32Array(panel.rows).fill(-1)) };
    counts.flows = count(t.report, t.table, t.unassigned, expiredByAge(t.table, FLOW_MAX_AGE, lastOrd), {});
  }
  if (recs.margin !== undefined) {
    const t = marginTable(recs.margin, panel.codes, ordinals, cal);
    src.margin = t.table;
    counts.margin = count(t.report, t.table, t.unmatched, expiredByAge(t.table, MARGIN_MAX_AGE, lastOrd), {});
  }
  if (recs.dmi !== undefined) {
    const t = dmiTable(recs.dmi, panel.codes, ordinals);
    src.dmi = t.table;
    counts.dmi = count(t.report, t.table, t.unmatched, expiredByAge(t.table, DMI_MAX_AGE, lastOrd), { unknownTSEMrgnRegCls: t.unknownRegCls });
  }
  if (recs.statements !== undefined) {
    const t = statementsTable(recs.statements, panel.codes, ordinals);
    src.statements = t.table;
    counts.statements = count(t.report, t.table, t.unmatched, expiredStatements(t.table, ordinals.days, last), { excludedDocuments: t.excluded, unknownDocTypes: t.unknownDocTypes });
  }
  return { join: prepareEventJoin(panel, src, { withVma: false }), counts, reports };
}

/**
 * Effective days of a group (the days its known set grows) after which the group gets no newer record for more than
 * `maxAge` business days, so its values run out; counted up to `lastOrd`, the ordinal of the panel's last day.
 */
function expiredByAge(t: EventTable, maxAge: number, lastOrd: number): number {
  let n = 0;
  for (let g = 0; g + 1 < t.offsets.length; g++) {
    const end = t.offsets[g + 1]!;
    for (let j = t.offsets[g]!; j < end && t.eff[j]! <= lastOrd;) {
      const e = t.eff[j]!;
      while (j < end && t.eff[j] === e) j++;
      const next = j < end ? Math.min(t.eff[j]!, lastOrd + 1) : lastOrd + 1;
      if (next - e > maxAge + 1) n++;
    }
  }
  return n;
}

/** Statements whose period end aged past the staleness limit before a newer document became effective. */
function expiredStatements(t: EventTable, days: Int32Array, last: number): number {
  const perEn = t.values.PerEn!;
  let n = 0;
  for (let g = 0; g + 1 < t.offsets.length; g++) {
    for (let j = t.offsets[g]!; j < t.offsets[g + 1]!; j++) {
      const e = perEn[j]!;
      if (e !== e) continue;
      const next = j + 1 < t.offsets[g + 1]! ? (days[t.eff[j + 1]!] ?? last) : last;
      if (Math.min(next, last) - e > STMT_STALE_DAYS) n++;
    }
  }
  return n;
}
