/**
 * Financial statements (families.md §4, `stmt_*`, 19 columns), joined per code by the as-of kernel.
 * Records are sorted in disclosure order within a code (eff, DiscDate, DiscTime, DiscNo, API order) and carry:
 * Cls (0 results R, 1 earnings revision E, 2 dividend revision D), Per (CurPerType: 1Q 1, 2Q 2, 3Q 3, FY 4, 4Q 5,
 * 5Q 6, other 7), DiscDate, PerEn, FYSt, FYEn, NxSt, NxEn (calendar days, NaN when empty), Sales, OP, NP, BPS, Eq,
 * EqAR, FOP, FNP, FEPS, FDivAnn, NxFOP, NxFNp, NxFEPS, NxFDivAnn.
 * Object key: a results document's period (CurFYEn, CurPerType), so its latest version replaces earlier ones;
 * E and D documents are objects of their own (negative keys). Forecast state and revisions are folded in
 * disclosure order as records become known.
 */
import { asofSweep, factorAt, fillSpan, finite, makeVersions, type EventTable, type JoinRows, type Versions } from './asof-join.ts';
import { maxGroup } from './features-margin.ts';

export const STMT_COLUMNS = [
  'stmt_per', 'stmt_earnings_yield', 'stmt_pbr', 'stmt_dividend_yield', 'stmt_roe', 'stmt_opm', 'stmt_equity_ratio',
  'stmt_yoy_sales', 'stmt_yoy_op', 'stmt_yoy_np', 'stmt_progress_op', 'stmt_fore_op_growth', 'stmt_rev_fore_op',
  'stmt_rev_fore_np', 'stmt_rev_div_fore', 'stmt_imp_revision', 'stmt_imp_statement', 'stmt_days_since_statement',
  'stmt_fiscal_quarter',
] as const;

/** Calendar days after CurPerEn(L) beyond which every non-timing column is null. */
export const STMT_STALE_DAYS = 200;
/** Calendar days after the BPS / EqAR document's CurPerEn beyond which PBR and the equity ratio are null. */
export const STMT_BALANCE_DAYS = 450;
export const CLS_R = 0;
export const CLS_E = 1;
export const CLS_D = 2;
export const PER_FY = 4;

/** The object key of a results document's period. */
export function periodKey(fyEn: number, per: number): number {
  return fyEn * 8 + per;
}

// Forecast fields, in the order of the state arrays: OP, NP, EPS, dividend.
const F_CUR = ['FOP', 'FNP', 'FEPS', 'FDivAnn'] as const;
const F_NEXT = ['NxFOP', 'NxFNp', 'NxFEPS', 'NxFDivAnn'] as const;

/** Epoch values, one array per quantity. */
const EP = [
  'epsG', 'bpsG', 'bpsEn', 'divG', 'roe', 'opm', 'eqar', 'eqarEn', 'yoyS', 'yoyO', 'yoyN', 'prog', 'grow',
  'revOp', 'revNp', 'revDiv', 'revEff', 'reEff', 'perEnL', 'fq',
] as const;

/** Writes the 19 statement columns for codes [codeLo, codeHi) (event groups are the panel's codes). */
export function joinStatements(rows: JoinRows, t: EventTable, codeLo: number, codeHi: number, out: Record<string, Float64Array>, slot: Int32Array, age: Int32Array): void {
  const cap = maxGroup(t) + 1;
  const v = makeVersions(cap);
  const ep = Object.fromEntries(EP.map((k) => [k, new Float64Array(cap)])) as Record<(typeof EP)[number], Float64Array>;
  const x = t.values;
  const cls = x.Cls!;
  const per = x.Per!;
  const g = new Float64Array(cap);
  // Forecast state per target year: value, supplying record, latest revision size, whether revised, last revising eff.
  const yr = new Float64Array(cap);
  const val = [0, 1, 2, 3].map(() => new Float64Array(cap));
  const src = [0, 1, 2, 3].map(() => new Int32Array(cap));
  const rev = [0, 1, 2, 3].map(() => new Float64Array(cap));
  const hasRev = [0, 1, 2, 3].map(() => new Uint8Array(cap));
  const revEff = new Float64Array(cap);
  const cur = F_CUR.map((f) => x[f]!);
  const nxt = F_NEXT.map((f) => x[f]!);
  for (let k = codeLo; k < codeHi; k++) {
    const rs = rows.offsets[k]!;
    const re = rows.offsets[k + 1]!;
    const es = t.offsets[k]!;
    const ee = t.offsets[k + 1]!;
    for (let j = es; j < ee; j++) g[j - es] = factorAt(rows, rs, re, x.DiscDate![j]!);
    let years = 0;
    let done = es;
    let reEff = -1;
    const yearIndex = (y: number): number => {
      for (let i = 0; i < years; i++) if (yr[i] === y) return i;
      yr[years] = y;
      for (let f = 0; f < 4; f++) { val[f]![years] = Number.NaN; src[f]![years] = -1; rev[f]![years] = Number.NaN; hasRev[f]![years] = 0; }
      revEff[years] = -1;
      return years++;
    };
    const fold = (j: number): void => {
      const c = cls[j]!;
      if (c !== CLS_D) reEff = t.eff[j]!;
      const fy = c === CLS_R && per[j] === PER_FY;
      const target = fy ? x.NxEn![j]! : x.FYEn![j]!;
      if (target !== target) return;
      const y = yearIndex(target);
      for (let f = c === CLS_D ? 3 : 0; f < 4; f++) {
        const v1 = (fy ? nxt : cur)[f]![j]!;
        if (v1 !== v1) continue;
        const v0 = val[f]![y]!;
        if (v0 === v0 && v0 !== v1) {
          rev[f]![y] = v0 === 0 ? Number.NaN : finite((v1 - v0) / Math.abs(v0));
          hasRev[f]![y] = 1;
          revEff[y] = t.eff[j]!;
        }
        val[f]![y] = v1;
        src[f]![y] = j;
      }
    };
    const find = (key: number, vv: Versions): number => {
      let lo = 0;
      let hi = vv.n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (vv.obj[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
      return lo < vv.n && vv.obj[lo] === key ? vv.rec[lo]! : -1;
    };
    const reg = (j: number): boolean => { const d = x.FYEn![j]! - x.FYSt![j]! + 1; return d >= 350 && d <= 380; };
    const yoy = (f: Float64Array, l: number, p: number): number => (p < 0 || !reg(l) || !reg(p) || f[p] === 0 ? Number.NaN : finite((f[l]! - f[p]!) / Math.abs(f[p]!)));
    const onEpoch = (vv: Versions, known: number, e: number): number => {
      for (; done < known; done++) fold(done);
      // L, and the latest results documents carrying BPS and EqAR, among the latest versions of each period.
      let l = -1;
      let b = -1;
      let q = -1;
      for (let i = 0; i < vv.n; i++) {
        if (vv.obj[i]! < 0) continue;
        const r = vv.rec[i]!;
        const en = x.PerEn![r]!;
        if (l < 0 || en > x.PerEn![l]! || (en === x.PerEn![l]! && r > l)) l = r;
        if (x.BPS![r] === x.BPS![r] && (b < 0 || en > x.PerEn![b]! || (en === x.PerEn![b]! && r > b))) b = r;
        if (x.EqAR![r] === x.EqAR![r] && (q < 0 || en > x.PerEn![q]! || (en === x.PerEn![q]! && r > q))) q = r;
      }
      ep.reEff[e] = reEff;
      ep.bpsG[e] = b < 0 ? Number.NaN : x.BPS![b]! * g[b - es]!;
      ep.bpsEn[e] = b < 0 ? Number.NaN : x.PerEn![b]!;
      ep.eqar[e] = q < 0 ? Number.NaN : x.EqAR![q]!;
      ep.eqarEn[e] = q < 0 ? Number.NaN : x.PerEn![q]!;
      for (const name of ['epsG', 'divG', 'roe', 'opm', 'yoyS', 'yoyO', 'yoyN', 'prog', 'grow', 'revOp', 'revNp', 'revDiv', 'fq', 'perEnL'] as const) ep[name][e] = Number.NaN;
      ep.revEff[e] = -1;
      if (l < 0) return 0;
      const pl = per[l]!;
      const isFy = pl === PER_FY;
      const isQ = pl >= 1 && pl <= 3;
      ep.perEnL[e] = x.PerEn![l]!;
      ep.fq[e] = pl <= 4 ? pl : Number.NaN;
      const prevYearEnd = x.FYSt![l]! - 1;
      const prev = find(periodKey(prevYearEnd, pl), vv);
      const fp = isFy ? l : find(periodKey(prevYearEnd, PER_FY), vv);
      const sales = x.Sales!;
      const op = x.OP!;
      const np = x.NP!;
      ep.opm[e] = sales[l]! > 0 ? finite(op[l]! / sales[l]!) : Number.NaN;
      ep.yoyS[e] = yoy(sales, l, prev);
      ep.yoyO[e] = yoy(op, l, prev);
      ep.yoyN[e] = yoy(np, l, prev);
      let ttm = Number.NaN;
      if (isFy && reg(l)) ttm = np[l]!;
      else if (isQ && fp >= 0 && prev >= 0 && reg(l) && reg(fp) && reg(prev)) ttm = np[l]! + np[fp]! - np[prev]!;
      const eq = x.Eq![l]!;
      ep.roe[e] = eq > 0 ? finite(ttm / eq) : Number.NaN;
      const estar = isFy ? x.NxEn![l]! : x.FYEn![l]!;
      if (estar !== estar) return 0;
      let y = -1;
      for (let i = 0; i < years; i++) if (yr[i] === estar) y = i;
      if (y < 0) return 0;
      const fop = val[0]![y]!;
      const eps = val[2]![y]!;
      ep.epsG[e] = src[2]![y]! < 0 ? Number.NaN : eps * g[src[2]![y]! - es]!;
      ep.divG[e] = src[3]![y]! < 0 ? Number.NaN : val[3]![y]! * g[src[3]![y]! - es]!;
      if (isQ) ep.prog[e] = fop > 0 ? finite(op[l]! / fop) : Number.NaN;
      const span = isFy ? x.NxEn![l]! - x.NxSt![l]! + 1 : x.FYEn![l]! - x.FYSt![l]! + 1;
      if (fp >= 0 && reg(fp) && span >= 350 && span <= 380 && op[fp] !== 0) ep.grow[e] = finite((fop - op[fp]!) / Math.abs(op[fp]!));
      ep.revOp[e] = hasRev[0]![y] ? rev[0]![y]! : Number.NaN;
      ep.revNp[e] = hasRev[1]![y] ? rev[1]![y]! : Number.NaN;
      ep.revDiv[e] = hasRev[3]![y] ? rev[3]![y]! : Number.NaN;
      ep.revEff[e] = revEff[y]!;
      return 0;
    };
    asofSweep(rows.ord, rs, re, t, es, ee, v, onEpoch, Number.POSITIVE_INFINITY, slot, age);
    writeRows(rows, rs, re, slot, ep, out);
  }
}

/** Row values from the epochs: Close-based ratios, staleness and balance ages, flags and day counts. */
function writeRows(rows: JoinRows, rs: number, re: number, slot: Int32Array, ep: Record<(typeof EP)[number], Float64Array>, out: Record<string, Float64Array>): void {
  const o = out as Record<(typeof STMT_COLUMNS)[number], Float64Array>;
  // Columns as locals: the row loop below touches 19 of them per row.
  const per = o.stmt_per; const ey = o.stmt_earnings_yield; const pbr = o.stmt_pbr; const dy = o.stmt_dividend_yield;
  const roe = o.stmt_roe; const opm = o.stmt_opm; const eqr = o.stmt_equity_ratio; const ys = o.stmt_yoy_sales;
  const yo = o.stmt_yoy_op; const yn = o.stmt_yoy_np; const prog = o.stmt_progress_op; const grow = o.stmt_fore_op_growth;
  const rop = o.stmt_rev_fore_op; const rnp = o.stmt_rev_fore_np; const rdv = o.stmt_rev_div_fore;
  const impRev = o.stmt_imp_revision; const impSt = o.stmt_imp_statement; const days = o.stmt_days_since_statement; const fq = o.stmt_fiscal_quarter;
  const value = [per, ey, pbr, dy, roe, opm, eqr, ys, yo, yn, prog, grow, rop, rnp, rdv];
  // Epoch arrays as locals too (`ep` is built from a list of names, so its property lookups are slow).
  const reEffE = ep.reEff; const fqE = ep.fq; const perEnE = ep.perEnL; const revEffE = ep.revEff; const epsE = ep.epsG;
  const bpsE = ep.bpsG; const bpsEnE = ep.bpsEn; const divE = ep.divG; const roeE = ep.roe; const opmE = ep.opm;
  const eqarE = ep.eqar; const eqarEnE = ep.eqarEn; const ysE = ep.yoyS; const yoE = ep.yoyO; const ynE = ep.yoyN;
  const progE = ep.prog; const growE = ep.grow; const ropE = ep.revOp; const rnpE = ep.revNp; const rdvE = ep.revDiv;
  const date = rows.date; const ord = rows.ord; const close = rows.close;
  // The columns whose value is the epoch's for every fresh row, with their epoch arrays.
  const constCols = [roe, opm, ys, yo, yn, prog, grow, rop, rnp, rdv];
  const constEp = [roeE, opmE, ysE, yoE, ynE, progE, growE, ropE, rnpE, rdvE];
  const nan = Number.NaN;
  let i = rs;
  // Rows before the first known document: flags false, everything else null.
  while (i < re && slot[i]! < 0) i++;
  if (i > rs) {
    impSt.fill(0, rs, i); impRev.fill(0, rs, i); days.fill(nan, rs, i); fq.fill(nan, rs, i);
    for (const c of value) c.fill(nan, rs, i);
  }
  // Then runs of one epoch: values that do not depend on the row are filled, up to the row where they go stale.
  while (i < re) {
    const e = slot[i]!;
    let end = i + 1;
    while (end < re && slot[end] === e) end++;
    const reEff = reEffE[e]!;
    const revEff = revEffE[e]!;
    fillSpan(impSt, 0, i, end);
    fillSpan(fq, fqE[e]!, i, end);
    for (let r = i; r < end; r++) {
      const t = ord[r]!;
      days[r] = reEff >= 0 ? t - reEff : nan;
      if (reEff === t) impSt[r] = 1;
    }
    // Rows [i, fresh) are within the staleness limit of the current report (dates ascend within a code).
    let fresh = i;
    while (fresh < end && !(date[fresh]! - perEnE[e]! > STMT_STALE_DAYS)) fresh++;
    fillSpan(impRev, 0, i, fresh);
    for (let r = i; r < fresh; r++) if (revEff === ord[r]) impRev[r] = 1;
    fillSpan(impRev, nan, fresh, end);
    for (let c = 0; c < constCols.length; c++) { fillSpan(constCols[c]!, constEp[c]![e]!, i, fresh); fillSpan(constCols[c]!, nan, fresh, end); }
    const eps = epsE[e]!;
    const bps = bpsE[e]!;
    const div = divE[e]!;
    const bpsEn = bpsEnE[e]!;
    const eqar = eqarE[e]!;
    const eqarEn = eqarEnE[e]!;
    for (let r = i; r < fresh; r++) {
      const c = close[r]!;
      const td = date[r]!;
      per[r] = eps > 0 ? finite(c / eps) : nan;
      ey[r] = finite(eps / c);
      pbr[r] = bps > 0 && bpsEn >= td - STMT_BALANCE_DAYS ? finite(c / bps) : nan;
      dy[r] = finite(div / c);
      eqr[r] = eqarEn >= td - STMT_BALANCE_DAYS ? eqar : nan;
    }
    if (fresh < end) for (const col of [per, ey, pbr, dy, eqr]) col.fill(nan, fresh, end);
    i = end;
  }
}

