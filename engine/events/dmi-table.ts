/** The daily margin-alert event table (families.md §3): one group per panel code, objects keyed by AppDate. */
import type { EventTable } from '../../kernels/asof-join.ts';
import { DMI_REG_CODES } from '../../kernels/features-dmi.ts';
import type { BdOrdinals } from './bd-ordinals.ts';
import { buildTable, pending, push } from './build-table.ts';
import { codeIndex } from './codes.ts';
import { effNextBd } from './effective-days.ts';
import { numField, parseReport, requiredDay, type ParseReport } from './parse-fields.ts';

const FIELDS = ['LongOut', 'ShrtOut', 'LongOutChg', 'ShrtOutChg', 'LongOutRatio', 'ShrtOutRatio', 'RegCls'];

/** The record fields dmiTable reads (a fetch may leave the others out). */
export const DMI_RECORD_FIELDS: readonly string[] = ['Code', 'PubDate', 'AppDate', 'TSEMrgnRegCls', ...FIELDS.slice(0, 6)];

/** The event table of `/markets/margin-alert` records (API order) over the panel's codes. */
export function dmiTable(records: readonly Record<string, unknown>[], codes: readonly string[], o: BdOrdinals): { table: EventTable; report: ParseReport; unmatched: number; unknownRegCls: number } {
  const rep = parseReport('/markets/margin-alert');
  const p = pending(FIELDS);
  const idx = codeIndex(codes);
  let unmatched = 0;
  let unknownRegCls = 0;
  records.forEach((r, i) => {
    rep.records++;
    const pub = requiredDay(rep, r, i, 'PubDate');
    const app = pub === null ? null : requiredDay(rep, r, i, 'AppDate');
    if (pub === null || app === null) return;
    const k = idx(r.Code);
    if (k < 0) { unmatched++; return; }
    const cls = typeof r.TSEMrgnRegCls === 'string' ? r.TSEMrgnRegCls : '';
    const known = DMI_REG_CODES.includes(cls);
    if (!known) unknownRegCls++;
    const values: Record<string, number> = { RegCls: known ? Number(cls) : Number.NaN };
    for (const f of FIELDS.slice(0, 6)) values[f] = numField(rep, r, f);
    push(p, k, effNextBd(o, pub), app, pub, [], values);
  });
  return { table: buildTable(p, codes.length), report: rep, unmatched, unknownRegCls };
}
