/**
 * Investor flows (families.md §1, `flow_*`, 12 columns). The as-of kernel runs per section over a grid of every
 * business-day ordinal; rows then take their section's grid value on their own day (a per-row section index, -1
 * for none). Event values per week record: `${X}Buy`, `${X}Sell` for X in Frgn, Ind, Prop, InvTr, TrstBnk, Tot.
 * Object key: the week (EnDate, StDate); version key: PubDate. W is the greatest known week, e0(W) its first eff;
 * values hold while age(e0(W), t) <= 10. Windows count weekly records of the section.
 */
import { asofSweep, finite, makeVersions, type EventTable, type Versions } from './asof-join.ts';
import { maxGroup } from './features-margin.ts';

export const FLOW_COLUMNS = [
  'flow_foreign_net_ratio', 'flow_individual_net_ratio', 'flow_prop_net_ratio', 'flow_invtrust_net_ratio',
  'flow_trustbank_net_ratio', 'flow_foreign_net_to_total', 'flow_foreign_share', 'flow_foreign_net_ratio_4w',
  'flow_individual_net_ratio_4w', 'flow_foreign_net_ratio_z52', 'flow_activity_ratio', 'flow_days_since',
] as const;

export const FLOW_MAX_AGE = 10;
/** Investor categories read, in column order of the five net ratios. */
export const FLOW_CATEGORIES = ['Frgn', 'Ind', 'Prop', 'InvTr', 'TrstBnk', 'Tot'] as const;

/** The object key of a week: EnDate major, StDate minor (both calendar days). */
export function weekKey(stDate: number, enDate: number): number {
  return enDate * 65536 + (stDate - enDate + 32768);
}

/**
 * The flow columns per section over grid ordinals g0 .. g0+n-1: a Float64Array of n values per column and section,
 * section-major (index s * n + (ord - g0)).
 */
export function flowGrid(t: EventTable, g0: number, n: number): Record<string, Float64Array> {
  const sections = t.offsets.length - 1;
  const out: Record<string, Float64Array> = {};
  for (const c of FLOW_COLUMNS) out[c] = new Float64Array(sections * n);
  const ord = new Int32Array(n);
  for (let i = 0; i < n; i++) ord[i] = g0 + i;
  const cap = maxGroup(t) + 1;
  const v = makeVersions(cap);
  const ep: Record<string, Float64Array> = {};
  for (const c of FLOW_COLUMNS) ep[c] = new Float64Array(cap);
  const slot = new Int32Array(n);
  const age = new Int32Array(n);
  const buy = FLOW_CATEGORIES.map((c) => t.values[`${c}Buy`]!);
  const sell = FLOW_CATEGORIES.map((c) => t.values[`${c}Sell`]!);
  const x52 = new Float64Array(52);
  const net = (r: number, c: number): number => buy[c]![r]! - sell[c]![r]!;
  const vol = (r: number, c: number): number => buy[c]![r]! + sell[c]![r]!;
  const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : finite(a / b));
  const onEpoch = (vv: Versions, _known: number, e: number): number => {
    const w = vv.rec[vv.n - 1]!;
    const tot = vol(w, 5);
    ep.flow_foreign_net_ratio![e] = ratio(net(w, 0), vol(w, 0));
    ep.flow_individual_net_ratio![e] = ratio(net(w, 1), vol(w, 1));
    ep.flow_prop_net_ratio![e] = ratio(net(w, 2), vol(w, 2));
    ep.flow_invtrust_net_ratio![e] = ratio(net(w, 3), vol(w, 3));
    ep.flow_trustbank_net_ratio![e] = ratio(net(w, 4), vol(w, 4));
    ep.flow_foreign_net_to_total![e] = ratio(net(w, 0), tot);
    ep.flow_foreign_share![e] = ratio(vol(w, 0), tot);
    for (const [c, name] of [[0, 'flow_foreign_net_ratio_4w'], [1, 'flow_individual_net_ratio_4w']] as const) {
      let sn = 0;
      let sv = 0;
      if (vv.n >= 4) for (let k = 0; k < 4; k++) { const r = vv.rec[vv.n - 1 - k]!; sn += net(r, c); sv += vol(r, c); }
      ep[name]![e] = vv.n >= 4 ? ratio(sn, sv) : Number.NaN;
    }
    let z = Number.NaN;
    let act = Number.NaN;
    if (vv.n >= 52) {
      let m = 0;
      let mt = 0;
      for (let k = 0; k < 52; k++) {
        const r = vv.rec[vv.n - 52 + k]!;
        x52[k] = ratio(net(r, 0), vol(r, 0));
        m += x52[k]!;
        mt += vol(r, 5);
      }
      m /= 52;
      mt /= 52;
      let ss = 0;
      for (let k = 0; k < 52; k++) ss += (x52[k]! - m) * (x52[k]! - m);
      const s = Math.sqrt(ss / 51);
      z = s === 0 ? Number.NaN : finite((x52[51]! - m) / s);
      act = ratio(tot, mt);
    }
    ep.flow_foreign_net_ratio_z52![e] = z;
    ep.flow_activity_ratio![e] = act;
    return vv.first[vv.n - 1]!;
  };
  for (let s = 0; s < sections; s++) {
    asofSweep(ord, 0, n, t, t.offsets[s]!, t.offsets[s + 1]!, v, onEpoch, FLOW_MAX_AGE, slot, age);
    const base = s * n;
    for (const c of FLOW_COLUMNS) {
      const o = out[c]!;
      const src = ep[c]!;
      for (let i = 0; i < n; i++) {
        const sl = slot[i]!;
        o[base + i] = sl < 0 ? Number.NaN : c === 'flow_days_since' ? age[i]! : src[sl]!;
      }
    }
  }
  return out;
}

/** Gathers the grid onto panel rows: row i takes section sec[i] (-1: none) on ordinal ord[i]. */
export function gatherFlows(grid: Record<string, Float64Array>, g0: number, n: number, ord: Int32Array, sec: Int32Array, lo: number, hi: number, out: Record<string, Float64Array>): void {
  const gcols = FLOW_COLUMNS.map((c) => grid[c]!);
  const outs = FLOW_COLUMNS.map((c) => out[c]!);
  // Runs of rows with one section on consecutive business days copy a slice of the grid (a code's rows mostly are).
  for (let i = lo; i < hi;) {
    const s = sec[i]!;
    const j = ord[i]! - g0;
    let e = i + 1;
    while (e < hi && sec[e] === s && ord[e] === ord[e - 1]! + 1) e++;
    if (s < 0 || j < 0 || j + (e - i) > n) {
      for (let r = i; r < e; r++) {
        const jr = ord[r]! - g0;
        const ok = s >= 0 && jr >= 0 && jr < n;
        for (let c = 0; c < outs.length; c++) outs[c]![r] = ok ? gcols[c]![s * n + jr]! : Number.NaN;
      }
    } else {
      for (let c = 0; c < outs.length; c++) outs[c]!.set(gcols[c]!.subarray(s * n + j, s * n + j + (e - i)), i);
    }
    i = e;
  }
}
