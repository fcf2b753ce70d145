/** The investor-types event table (families.md §1): one group per section, weeks keyed by (StDate, EnDate). */
import type { EventTable } from '../../kernels/asof-join.ts';
import { FLOW_CATEGORIES, weekKey } from '../../kernels/features-flows.ts';
import type { BdOrdinals } from './bd-ordinals.ts';
import { buildTable, pending, push } from './build-table.ts';
import { effNextBd } from './effective-days.ts';
import { numField, parseReport, requiredDay, requiredString, type ParseReport } from './parse-fields.ts';

/** Sections that codes can be assigned to, in group order. */
export const FLOW_SECTIONS: readonly string[] = ['TSE1st', 'TSE2nd', 'TSEMothers', 'TSEJASDAQ', 'TSEPrime', 'TSEStandard', 'TSEGrowth'];

const MKT_SECTION: Readonly<Record<string, string>> = {
  '0101': 'TSE1st', '0102': 'TSE2nd', '0104': 'TSEMothers', '0106': 'TSEJASDAQ', '0107': 'TSEJASDAQ',
  '0111': 'TSEPrime', '0112': 'TSEStandard', '0113': 'TSEGrowth',
};

/** The flow section index of a master `Mkt` code, or -1 (TOKYO PRO MARKET, others, null: no section). */
export function sectionOfMkt(mkt: unknown): number {
  const s = typeof mkt === 'string' ? MKT_SECTION[mkt] : undefined;
  return s === undefined ? -1 : FLOW_SECTIONS.indexOf(s);
}

export const FLOW_FIELDS: readonly string[] = FLOW_CATEGORIES.flatMap((c) => [`${c}Buy`, `${c}Sell`]);

/** The event table of `/equities/investor-types` records (API order), with its parse report. */
export function flowsTable(records: readonly Record<string, unknown>[], o: BdOrdinals): { table: EventTable; report: ParseReport; unassigned: number } {
  const rep = parseReport('/equities/investor-types');
  const p = pending(FLOW_FIELDS);
  let unassigned = 0;
  records.forEach((r, i) => {
    rep.records++;
    const pub = requiredDay(rep, r, i, 'PubDate');
    const st = pub === null ? null : requiredDay(rep, r, i, 'StDate');
    const en = st === null ? null : requiredDay(rep, r, i, 'EnDate');
    const sec = en === null ? null : requiredString(rep, r, i, 'Section');
    if (pub === null || st === null || en === null || sec === null) return;
    const g = FLOW_SECTIONS.indexOf(sec);
    if (g < 0) { unassigned++; return; }
    const values: Record<string, number> = {};
    for (const f of FLOW_FIELDS) values[f] = numField(rep, r, f);
    push(p, g, effNextBd(o, pub), weekKey(st, en), pub, [], values);
  });
  return { table: buildTable(p, FLOW_SECTIONS.length), report: rep, unassigned };
}
