/**
 * Daily margin of designated issues (families.md §3, `dmi_*`, 10 columns), joined per code by the as-of kernel.
 * Event values: LongOut, ShrtOut, LongOutChg, ShrtOutChg (NaN for "-"), LongOutRatio, ShrtOutRatio (NaN for "*"),
 * RegCls (TSEMrgnRegCls as an integer, NaN when empty or unknown). Object key AppDate (calendar day), version key
 * PubDate. r* is the latest version of the greatest known AppDate; values hold while a = age(eff(r*), t) <= 4.
 */
import { asofSweep, factorAt, fillRuns, fillRunsOver, finite, makeVersions, slotRuns, type EventTable, type JoinRows, type Versions } from './asof-join.ts';
import { maxGroup, maxRows } from './features-margin.ts';

export const DMI_COLUMNS = [
  'dmi_is_alert', 'dmi_long_to_adv20', 'dmi_short_to_adv20', 'dmi_short_long_ratio', 'dmi_d_long_to_adv1d',
  'dmi_d_short_to_adv1d', 'dmi_long_listed_ratio', 'dmi_short_listed_ratio', 'dmi_tse_reg_cls', 'dmi_days_since_pub',
] as const;

/** A record is used on its effective day and the 4 business days after it (N = 5). */
export const DMI_MAX_AGE = 4;

/** The TSEMrgnRegCls codes gq knows ([MCP] margin_regulation_codes). */
export const DMI_REG_CODES: readonly string[] = ['001', '002', '003', '004', '005', '006', '101', '102'];

/** Writes the 10 dmi columns for codes [codeLo, codeHi) (event groups are the panel's codes). */
export function joinDmi(rows: JoinRows, t: EventTable, codeLo: number, codeHi: number, out: Record<string, Float64Array>, slot: Int32Array, age: Int32Array): void {
  const cap = maxGroup(t) + 1;
  const v = makeVersions(cap);
  const ep = Array.from({ length: 8 }, () => new Float64Array(cap));
  const [lt, st, ratio, dl, ds, ll, sl, reg] = ep as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const x = t.values;
  const long = x.LongOut!;
  const shrt = x.ShrtOut!;
  const valueCols = DMI_COLUMNS.filter((c) => c !== 'dmi_is_alert').map((c) => out[c]!);
  const runs = new Int32Array(2 * maxRows(rows, codeLo, codeHi) + 2);
  for (let k = codeLo; k < codeHi; k++) {
    const rs = rows.offsets[k]!;
    const re = rows.offsets[k + 1]!;
    const onEpoch = (vv: Versions, _known: number, e: number): number => {
      const r = vv.rec[vv.n - 1]!;
      const g = factorAt(rows, rs, re, t.obj[r]!);
      lt[e] = long[r]! / g;
      st[e] = shrt[r]! / g;
      ratio[e] = long[r]! === 0 ? Number.NaN : finite(shrt[r]! / long[r]!);
      dl[e] = x.LongOutChg![r]! / g;
      ds[e] = x.ShrtOutChg![r]! / g;
      ll[e] = x.LongOutRatio![r]! / 100;
      sl[e] = x.ShrtOutRatio![r]! / 100;
      reg[e] = x.RegCls![r]!;
      return t.eff[r]!;
    };
    const alert = out.dmi_is_alert!;
    if (t.offsets[k] === t.offsets[k + 1]) {
      // Never designated (most codes): not alerted, every value null, without a sweep.
      alert.fill(0, rs, re);
      for (const c of valueCols) c.fill(Number.NaN, rs, re);
      continue;
    }
    asofSweep(rows.ord, rs, re, t, t.offsets[k]!, t.offsets[k + 1]!, v, onEpoch, DMI_MAX_AGE, slot, age);
    const days = out.dmi_days_since_pub!;
    for (let i = rs; i < re; i++) {
      alert[i] = age[i] === 0 ? 1 : 0;
      days[i] = slot[i]! < 0 ? Number.NaN : age[i]! + 1;
    }
    const n = slotRuns(slot, rs, re, runs);
    fillRunsOver(runs, n, lt, rows.vma, 1, out.dmi_long_to_adv20!);
    fillRunsOver(runs, n, st, rows.vma, 1, out.dmi_short_to_adv20!);
    fillRuns(runs, n, ratio, out.dmi_short_long_ratio!);
    fillRunsOver(runs, n, dl, rows.vma, 1, out.dmi_d_long_to_adv1d!);
    fillRunsOver(runs, n, ds, rows.vma, 1, out.dmi_d_short_to_adv1d!);
    fillRuns(runs, n, ll, out.dmi_long_listed_ratio!);
    fillRuns(runs, n, sl, out.dmi_short_listed_ratio!);
    fillRuns(runs, n, reg, out.dmi_tse_reg_cls!);
  }
}
