/**
 * Weekly margin interest (families.md §2, `margin_*`, 9 columns), joined per code by the as-of kernel.
 * Event values: LongVol, ShrtVol (shares, never adjusted by J-Quants), IssType (1, 2, 3 or NaN), Date (calendar
 * day, also the object key). Version rule: the latest record per Date (ver = API order); k is the greatest known
 * Date, k-1 the previous Date; values hold while age(eff(D_k), t) <= 10.
 */
import { asofSweep, factorAt, fillRuns, fillRunsOver, finite, makeVersions, slotRuns, type EventTable, type JoinRows, type Versions } from './asof-join.ts';

export const MARGIN_COLUMNS = [
  'margin_long_tot', 'margin_short_tot', 'margin_long_to_adv20', 'margin_short_to_adv20', 'margin_short_long_ratio',
  'margin_d_long_to_adv20', 'margin_d_short_to_adv20', 'margin_issue_type', 'margin_days_since',
] as const;

export const MARGIN_MAX_AGE = 10;
/** Week-over-week changes are null across a gap of more than this many calendar days. */
export const MARGIN_MAX_GAP = 14;

/** Per-epoch scratch, sized to the longest group. */
type Ep = { lt: Float64Array; st: Float64Array; ratio: Float64Array; dl: Float64Array; ds: Float64Array; iss: Float64Array };

function makeEp(n: number): Ep {
  return { lt: new Float64Array(n), st: new Float64Array(n), ratio: new Float64Array(n), dl: new Float64Array(n), ds: new Float64Array(n), iss: new Float64Array(n) };
}

/** Longest group of a table (records), at least 1. */
export function maxGroup(t: EventTable): number {
  let m = 1;
  for (let k = 0; k + 1 < t.offsets.length; k++) m = Math.max(m, t.offsets[k + 1]! - t.offsets[k]!);
  return m;
}

/** Rows of the longest code among [codeLo, codeHi), at least 1. */
export function maxRows(rows: JoinRows, codeLo: number, codeHi: number): number {
  let m = 1;
  for (let k = codeLo; k < codeHi; k++) m = Math.max(m, rows.offsets[k + 1]! - rows.offsets[k]!);
  return m;
}

/** Writes the 9 margin columns for codes [codeLo, codeHi) of `rows` (event groups are the panel's codes). */
export function joinMargin(rows: JoinRows, t: EventTable, codeLo: number, codeHi: number, out: Record<string, Float64Array>, slot: Int32Array, age: Int32Array): void {
  const cap = maxGroup(t) + 1;
  const v = makeVersions(cap);
  const ep = makeEp(cap);
  const long = t.values.LongVol!;
  const shrt = t.values.ShrtVol!;
  const iss = t.values.IssType!;
  const cols = MARGIN_COLUMNS.map((c) => out[c]!);
  const runs = new Int32Array(2 * maxRows(rows, codeLo, codeHi) + 2);
  for (let k = codeLo; k < codeHi; k++) {
    const rs = rows.offsets[k]!;
    const re = rows.offsets[k + 1]!;
    const es = t.offsets[k]!;
    const ee = t.offsets[k + 1]!;
    const onEpoch = (vv: Versions, _known: number, e: number): number => {
      const r = vv.rec[vv.n - 1]!;
      const g = factorAt(rows, rs, re, t.obj[r]!);
      ep.lt[e] = long[r]! / g;
      ep.st[e] = shrt[r]! / g;
      ep.ratio[e] = long[r]! === 0 ? Number.NaN : finite(shrt[r]! / long[r]!);
      ep.iss[e] = iss[r]!;
      ep.dl[e] = Number.NaN;
      ep.ds[e] = Number.NaN;
      if (vv.n >= 2) {
        const p = vv.rec[vv.n - 2]!;
        if (t.obj[r]! - t.obj[p]! <= MARGIN_MAX_GAP) {
          const gp = factorAt(rows, rs, re, t.obj[p]!);
          ep.dl[e] = ep.lt[e]! - long[p]! / gp;
          ep.ds[e] = ep.st[e]! - shrt[p]! / gp;
        }
      }
      return t.eff[r]!;
    };
    if (es === ee) {
      // No record for this code: every column null, without a sweep.
      for (const c of cols) c.fill(Number.NaN, rs, re);
      continue;
    }
    asofSweep(rows.ord, rs, re, t, es, ee, v, onEpoch, MARGIN_MAX_AGE, slot, age);
    const n = slotRuns(slot, rs, re, runs);
    fillRuns(runs, n, ep.lt, out.margin_long_tot!);
    fillRuns(runs, n, ep.st, out.margin_short_tot!);
    fillRunsOver(runs, n, ep.lt, rows.vma, 1, out.margin_long_to_adv20!);
    fillRunsOver(runs, n, ep.st, rows.vma, 1, out.margin_short_to_adv20!);
    fillRuns(runs, n, ep.ratio, out.margin_short_long_ratio!);
    fillRunsOver(runs, n, ep.dl, rows.vma, 5, out.margin_d_long_to_adv20!);
    fillRunsOver(runs, n, ep.ds, rows.vma, 5, out.margin_d_short_to_adv20!);
    fillRuns(runs, n, ep.iss, out.margin_issue_type!);
    const days = out.margin_days_since!;
    for (let i = rs; i < re; i++) days[i] = slot[i]! < 0 ? Number.NaN : age[i]!;
  }
}
