/**
 * gq's as-of joins of the four event families (families.md §1-§4, 50 columns) against DuckDB's ASOF JOIN doing the
 * same joins in SQL, values checked cell by cell before any time is printed, in one run. DuckDB gets gq's event
 * tables (records with their effective-day ordinal, object and version keys, already parsed) and the panel rows
 * (code, business-day ordinal, date, close, split factor, volume_ma_20, flow section), and derives per family:
 * - weekly and daily margin, single-week flows: each epoch's state (the current object's latest known version),
 *   G(d) by a second ASOF JOIN, the rows' values with the maximum ages;
 * - the flow windows: at each section epoch every known week's latest version, ranked newest first (4w, z52, activity);
 * - statements: at each code epoch the latest version of every known period (the version rule: latest version
 *   known at t), L / the BPS and EqAR documents / prev / Fp among them, the forecast state of E* (the latest non-null
 *   value in disclosure order, G(d) of its document), revisions by a window over each (year, field) in disclosure
 *   order, and the rows' values with staleness by an ASOF JOIN on the effective day.
 * gq's side: the joins on one thread and on the feature pool (as `gq run` does them); its per-section flow grid
 * (built once per run when the joins are prepared) is timed too and added. DuckDB runs in this process with its
 * default threads; CPU seconds are process.cpuUsage (every thread of the process) over the same spans.
 * (arg_max_null, not arg_max: arg_max skips rows whose value is NULL, which would take an older record's value.)
 *   ./node_modules/.bin/node bench/events-duckdb.bench.ts --codes 4000 --days 1100
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { loadavg } from 'node:os';
import { tseCalendar } from '../engine/calendar/tse-calendar.ts';
import { buildEvents } from '../engine/events/event-sources.ts';
import { EVENT_COLUMNS, EVENT_FAMILIES, joinEvents, type EventFamily } from '../engine/events/join-events.ts';
import { createFeaturePool } from '../engine/feature-pool.ts';
import type { EventTable } from '../kernels/asof-join.ts';
import { flowGrid } from '../kernels/features-flows.ts';
import { rollingMean } from '../kernels/rolling-mean.ts';
import { benchArgs, peakRssMiB } from './args.ts';
import { eventBenchInput } from './event-input.ts';

const a = benchArgs({ codes: 4000, days: 1100, workers: 2, runs: 3 });
const load0 = loadavg();
const { panel, flows, margin, alert, fins } = eventBenchInput(a.codes, a.days);
const built = buildEvents(panel, { flows, margin, dmi: alert, statements: fins }, tseCalendar);
const j = built.join;
const vma = new Float64Array(panel.rows);
for (let k = 0; k < panel.codes.length; k++) rollingMean(panel.volume, panel.offsets[k]!, vma, panel.offsets[k]!, panel.offsets[k + 1]! - panel.offsets[k]!, 20);
const FAMS: readonly EventFamily[] = EVENT_FAMILIES;
console.log(`panel ${panel.rows} rows x ${panel.codes.length} codes; records: flows ${flows.length}, margin ${margin.length}, alert ${alert.length}, fins ${fins.length}`);

/** Wall and CPU milliseconds (every thread of this process) of an async step. */
async function measured<T>(fn: () => Promise<T> | T): Promise<{ wall: number; cpu: number; value: T }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000, value };
}
/** The best (least wall) of `runs` measurements. */
async function bestOf(runs: number, fn: () => Promise<unknown> | unknown): Promise<{ wall: number; cpu: number }> {
  let b = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < runs; r++) { const x = await measured(fn); if (x.wall < b.wall) b = { wall: x.wall, cpu: x.cpu }; }
  return b;
}

// gq: the four families, one thread (into arrays touched once before timing) and on the pool.
const out: Record<string, Float64Array> = {};
for (const f of FAMS) for (const c of EVENT_COLUMNS[f]) out[c] = new Float64Array(panel.rows).fill(0);
const flowT = j.src.flows!.table;
const g0 = j.flowGrid!.g0;
const gn = j.flowGrid!.n;
const grid = await bestOf(a.runs, () => flowGrid(flowT, g0, gn));
const gq1 = await bestOf(a.runs, () => joinEvents(j, FAMS, 0, panel.codes.length, out, vma));
const perFam: Record<string, number> = {};
for (const f of FAMS) perFam[f] = (await bestOf(a.runs, () => joinEvents(j, [f], 0, panel.codes.length, out, vma))).wall;
joinEvents(j, FAMS, 0, panel.codes.length, out, vma); // the values compared below
panel.events = j;
async function poolBest(features: string[]): Promise<{ wall: number; cpu: number }> {
  const pool = await createFeaturePool(panel, { workers: a.workers, features, slots: 1 });
  try {
    await pool.computeBatch(0, panel.codes.length);
    let b = { wall: Infinity, cpu: Infinity };
    for (let r = 0; r < a.runs; r++) {
      const c = process.cpuUsage();
      const ms = (await pool.computeBatch(0, panel.codes.length)).ms;
      const d = process.cpuUsage(c);
      if (ms < b.wall) b = { wall: ms, cpu: (d.user + d.system) / 1000 };
    }
    return b;
  } finally { await pool.close(); }
}
const withVma = await poolBest(FAMS.flatMap((f) => [...EVENT_COLUMNS[f]]));
const vmaOnly = await poolBest(['volume_ma_20']);
const gqPool = { wall: withVma.wall - vmaOnly.wall + grid.wall, cpu: withVma.cpu - vmaOnly.cpu + grid.cpu };

// DuckDB: load (not timed), then every statement of the four families in one run (timed per family).
const db = await (await DuckDBInstance.create(':memory:')).connect();
async function load(name: string, cols: [string, 'INTEGER' | 'DOUBLE', ArrayLike<number>][], n: number): Promise<void> {
  await db.run(`CREATE TABLE ${name} (${cols.map(([c, t]) => `${c} ${t}`).join(', ')})`);
  const ap = await db.createAppender(name);
  for (let i = 0; i < n; i++) {
    for (const [, t, x] of cols) {
      const val = x[i]!;
      if (t === 'INTEGER') ap.appendInteger(val);
      else if (val !== val) ap.appendNull();
      else ap.appendDouble(val);
    }
    ap.endRow();
  }
  ap.closeSync();
}
const rowIdx = Int32Array.from({ length: panel.rows }, (_, i) => i);
const sec = j.src.flows!.section;
await load('rows', [['i', 'INTEGER', rowIdx], ['code', 'INTEGER', panel.code], ['ord', 'INTEGER', j.rows.ord], ['date', 'INTEGER', panel.date], ['close', 'DOUBLE', j.rows.close],
  ['factor', 'DOUBLE', panel.factor], ['vma', 'DOUBLE', vma], ['sec', 'INTEGER', sec]], panel.rows);
const groupOf = (t: EventTable): Int32Array => { const g = new Int32Array(t.eff.length); for (let k = 0; k + 1 < t.offsets.length; k++) g.fill(k, t.offsets[k]!, t.offsets[k + 1]!); return g; };
const tabCols = (t: EventTable, fields: string[]): [string, 'INTEGER' | 'DOUBLE', ArrayLike<number>][] => [
  ['grp', 'INTEGER', groupOf(t)], ['eff', 'INTEGER', t.eff], ['obj', 'DOUBLE', t.obj], ['ver', 'DOUBLE', t.ver], ['pos', 'INTEGER', Int32Array.from({ length: t.eff.length }, (_, i) => i)],
  ...fields.map((f): [string, 'DOUBLE', Float64Array] => [f, 'DOUBLE', t.values[f]!]),
];
await load('mrec', tabCols(j.src.margin!, ['LongVol', 'ShrtVol', 'IssType']), j.src.margin!.eff.length);
await load('drec', tabCols(j.src.dmi!, ['LongOut', 'ShrtOut', 'LongOutChg', 'ShrtOutChg', 'LongOutRatio', 'ShrtOutRatio', 'RegCls']), j.src.dmi!.eff.length);
const FF = ['Frgn', 'Ind', 'Prop', 'InvTr', 'TrstBnk', 'Tot'].flatMap((c) => [`${c}Buy`, `${c}Sell`]);
await load('frec', tabCols(flowT, FF), flowT.eff.length);
const SF = ['Cls', 'Per', 'DiscDate', 'PerEn', 'FYSt', 'FYEn', 'NxSt', 'NxEn', 'Sales', 'OP', 'NP', 'BPS', 'Eq', 'EqAR', 'FOP', 'FNP', 'FEPS', 'FDivAnn', 'NxFOP', 'NxFNp', 'NxFEPS', 'NxFDivAnn'];
await load('srec', tabCols(j.src.statements!, SF), j.src.statements!.eff.length);
await db.run('CREATE TABLE firsts AS SELECT code, arg_min(factor, date) f0 FROM rows GROUP BY code');
await db.run('CREATE MACRO fin(x) AS CASE WHEN isfinite(x) THEN x END');

const ratio = (n: string, d: string): string => `CASE WHEN (${d}) <> 0 THEN fin((${n}) / (${d})) END`;
const nv = (x: string): string => `(${x}Buy - ${x}Sell)`;
const vv = (x: string): string => `(${x}Buy + ${x}Sell)`;
const adv = (x: string, s: number): string => `CASE WHEN r.vma > 0 AND isfinite(${x} / (${s} * r.vma)) THEN ${x} / (${s} * r.vma) END`;
/** A document's fiscal year is regular (350-380 days). */
const reg = (d: string): string => `(${d}.FYEn - ${d}.FYSt + 1 BETWEEN 350 AND 380)`;
const yoy = (f: string): string => `CASE WHEN P.pos IS NOT NULL AND ${reg('L')} AND ${reg('P')} AND P.${f} <> 0 THEN fin((L.${f} - P.${f}) / abs(P.${f})) END`;
/** A forecast field of a document, by index (OP, NP, EPS, dividend): next year's from an FY results document. */
const fc = (cur: string, nxt: string): string => `CASE WHEN Cls = 0 AND Per = 4 THEN ${nxt} ELSE ${cur} END`;
const SQL: Record<EventFamily, string[]> = {
  margin: [
  // Weekly margin: an object's version is its record with the greatest version (API order); G(D) by ASOF on the rows.
  `CREATE TABLE m_ver AS SELECT grp code, obj, min(eff) eff, arg_max_null(LongVol, ver) lv, arg_max_null(ShrtVol, ver) sv, arg_max_null(IssType, ver) iss FROM mrec GROUP BY grp, obj`,
  `CREATE TABLE m_ep AS SELECT *, lag(obj) OVER w pobj, lag(lv) OVER w plv, lag(sv) OVER w psv FROM m_ver WINDOW w AS (PARTITION BY code ORDER BY obj)`,
  `CREATE TABLE m_g AS SELECT m.*, coalesce(g.factor, f.f0) g, coalesce(gp.factor, f.f0) gp FROM m_ep m JOIN firsts f USING (code)
     ASOF LEFT JOIN rows g ON m.code = g.code AND m.obj >= g.date ASOF LEFT JOIN rows gp ON m.code = gp.code AND m.pobj >= gp.date`,
  `CREATE TABLE m_st0 AS SELECT code, eff, obj, lv / g lt, sv / g st, ${ratio('sv', 'lv')} slr, iss,
     CASE WHEN pobj IS NOT NULL AND obj - pobj <= 14 THEN lv / g - plv / gp END dl, CASE WHEN pobj IS NOT NULL AND obj - pobj <= 14 THEN sv / g - psv / gp END ds FROM m_g`,
  // Two reference Dates can share an effective day (around long holidays): the epoch's k is the greatest of them.
  `CREATE TABLE m_st AS SELECT code, eff, arg_max_null(lt, obj) lt, arg_max_null(st, obj) st, arg_max_null(slr, obj) slr, arg_max_null(iss, obj) iss, arg_max_null(dl, obj) dl, arg_max_null(ds, obj) ds
     FROM m_st0 GROUP BY code, eff`,
  `CREATE TABLE m_out AS SELECT r.i, CASE WHEN r.ord - m.eff <= 10 THEN m.lt END margin_long_tot, CASE WHEN r.ord - m.eff <= 10 THEN m.st END margin_short_tot,
     CASE WHEN r.ord - m.eff <= 10 THEN ${adv('m.lt', 1)} END margin_long_to_adv20, CASE WHEN r.ord - m.eff <= 10 THEN ${adv('m.st', 1)} END margin_short_to_adv20,
     CASE WHEN r.ord - m.eff <= 10 THEN m.slr END margin_short_long_ratio, CASE WHEN r.ord - m.eff <= 10 THEN ${adv('m.dl', 5)} END margin_d_long_to_adv20,
     CASE WHEN r.ord - m.eff <= 10 THEN ${adv('m.ds', 5)} END margin_d_short_to_adv20, CASE WHEN r.ord - m.eff <= 10 THEN m.iss END margin_issue_type,
     CASE WHEN r.ord - m.eff <= 10 THEN r.ord - m.eff END margin_days_since
     FROM rows r ASOF LEFT JOIN m_st m ON r.code = m.code AND r.ord >= m.eff`,
  ],
  dmi: [
  // Daily margin: per epoch (a day the known set grows) A* is the greatest known AppDate, r* its latest known version.
  `CREATE TABLE d_ep AS SELECT grp code, eff, max(amax) astar FROM (SELECT grp, eff, max(obj) OVER (PARTITION BY grp ORDER BY eff RANGE UNBOUNDED PRECEDING) amax FROM drec) GROUP BY grp, eff`,
  `CREATE TABLE d_st0 AS SELECT e.code, e.eff, e.astar, arg_max_null(d.eff, d.ver * 1e7 + d.pos) reff, arg_max_null(d.LongOut, d.ver * 1e7 + d.pos) lo, arg_max_null(d.ShrtOut, d.ver * 1e7 + d.pos) so,
     arg_max_null(d.LongOutChg, d.ver * 1e7 + d.pos) lc, arg_max_null(d.ShrtOutChg, d.ver * 1e7 + d.pos) sc, arg_max_null(d.LongOutRatio, d.ver * 1e7 + d.pos) lr,
     arg_max_null(d.ShrtOutRatio, d.ver * 1e7 + d.pos) sr, arg_max_null(d.RegCls, d.ver * 1e7 + d.pos) reg
     FROM d_ep e JOIN drec d ON d.grp = e.code AND d.obj = e.astar AND d.eff <= e.eff GROUP BY e.code, e.eff, e.astar`,
  `CREATE TABLE d_st AS SELECT d.*, coalesce(g.factor, f.f0) g FROM d_st0 d JOIN firsts f USING (code) ASOF LEFT JOIN rows g ON d.code = g.code AND d.astar >= g.date`,
  `CREATE TABLE d_out AS SELECT r.i, CASE WHEN d.reff IS NOT NULL AND r.ord = d.reff THEN 1 ELSE 0 END dmi_is_alert,
     CASE WHEN r.ord - d.reff <= 4 THEN ${adv('d.lo / d.g', 1)} END dmi_long_to_adv20, CASE WHEN r.ord - d.reff <= 4 THEN ${adv('d.so / d.g', 1)} END dmi_short_to_adv20,
     CASE WHEN r.ord - d.reff <= 4 THEN ${ratio('d.so', 'd.lo')} END dmi_short_long_ratio, CASE WHEN r.ord - d.reff <= 4 THEN ${adv('d.lc / d.g', 1)} END dmi_d_long_to_adv1d,
     CASE WHEN r.ord - d.reff <= 4 THEN ${adv('d.sc / d.g', 1)} END dmi_d_short_to_adv1d, CASE WHEN r.ord - d.reff <= 4 THEN d.lr / 100 END dmi_long_listed_ratio,
     CASE WHEN r.ord - d.reff <= 4 THEN d.sr / 100 END dmi_short_listed_ratio, CASE WHEN r.ord - d.reff <= 4 THEN d.reg END dmi_tse_reg_cls,
     CASE WHEN r.ord - d.reff <= 4 THEN r.ord - d.reff + 1 END dmi_days_since_pub
     FROM rows r ASOF LEFT JOIN d_st d ON r.code = d.code AND r.ord >= d.eff`,
  ],
  flows: [
  // Flows: per section epoch, W the greatest known week, its latest known version, e0 its first effective day.
  `CREATE TABLE f_ep AS SELECT grp s, eff, max(wmax) wstar FROM (SELECT grp, eff, max(obj) OVER (PARTITION BY grp ORDER BY eff RANGE UNBOUNDED PRECEDING) wmax FROM frec) GROUP BY grp, eff`,
  `CREATE TABLE f_st AS SELECT e.s, e.eff, min(f.eff) e0, ${FF.map((c) => `arg_max_null(f.${c}, f.ver * 1e7 + f.pos) ${c}`).join(', ')}
     FROM f_ep e JOIN frec f ON f.grp = e.s AND f.obj = e.wstar AND f.eff <= e.eff GROUP BY e.s, e.eff`,
  // The flow windows: every known week's latest version at each epoch, ranked newest first; W-3 / W-51 must exist.
  `CREATE TABLE f_kv AS SELECT e.s, e.eff, f.obj, ${[['n0', 'f.FrgnBuy - f.FrgnSell'], ['v0', 'f.FrgnBuy + f.FrgnSell'], ['n1', 'f.IndBuy - f.IndSell'], ['v1', 'f.IndBuy + f.IndSell'], ['tt', 'f.TotBuy + f.TotSell']]
    .map(([n, x]) => `arg_max_null(${x}, f.ver * 1e7 + f.pos) ${n}`).join(', ')}
     FROM f_ep e JOIN frec f ON f.grp = e.s AND f.eff <= e.eff GROUP BY e.s, e.eff, f.obj`,
  `CREATE TABLE f_rk AS SELECT *, row_number() OVER (PARTITION BY s, eff ORDER BY obj DESC) rn, count(*) OVER (PARTITION BY s, eff) nk,
     ${ratio('n0', 'v0')} x FROM f_kv`,
  `CREATE TABLE f_win AS SELECT s, eff,
     CASE WHEN max(nk) >= 4 AND count(n0 + v0) FILTER (rn <= 4) = 4 THEN ${ratio('sum(n0) FILTER (rn <= 4)', 'sum(v0) FILTER (rn <= 4)')} END f4,
     CASE WHEN max(nk) >= 4 AND count(n1 + v1) FILTER (rn <= 4) = 4 THEN ${ratio('sum(n1) FILTER (rn <= 4)', 'sum(v1) FILTER (rn <= 4)')} END i4,
     CASE WHEN max(nk) >= 52 AND count(x) = 52 AND stddev_samp(x) <> 0 THEN fin((max(x) FILTER (rn = 1) - avg(x)) / stddev_samp(x)) END z52,
     CASE WHEN max(nk) >= 52 AND count(tt) = 52 THEN ${ratio('max(tt) FILTER (rn = 1)', 'avg(tt)')} END act
     FROM f_rk WHERE rn <= 52 GROUP BY s, eff`,
  `CREATE TABLE f_out AS SELECT r.i, ${[['foreign', 'Frgn'], ['individual', 'Ind'], ['prop', 'Prop'], ['invtrust', 'InvTr'], ['trustbank', 'TrstBnk']]
    .map(([n, x]) => `CASE WHEN r.ord - f.e0 <= 10 THEN ${ratio(nv(`f.${x}`), vv(`f.${x}`))} END flow_${n}_net_ratio`).join(', ')},
     CASE WHEN r.ord - f.e0 <= 10 THEN ${ratio(nv('f.Frgn'), vv('f.Tot'))} END flow_foreign_net_to_total,
     CASE WHEN r.ord - f.e0 <= 10 THEN ${ratio(vv('f.Frgn'), vv('f.Tot'))} END flow_foreign_share,
     CASE WHEN r.ord - f.e0 <= 10 THEN f.f4 END flow_foreign_net_ratio_4w, CASE WHEN r.ord - f.e0 <= 10 THEN f.i4 END flow_individual_net_ratio_4w,
     CASE WHEN r.ord - f.e0 <= 10 THEN f.z52 END flow_foreign_net_ratio_z52, CASE WHEN r.ord - f.e0 <= 10 THEN f.act END flow_activity_ratio,
     CASE WHEN r.ord - f.e0 <= 10 THEN r.ord - f.e0 END flow_days_since
     FROM rows r ASOF LEFT JOIN (SELECT * FROM f_st JOIN f_win USING (s, eff)) f ON r.sec = f.s AND r.ord >= f.eff WHERE r.sec >= 0`,
  ],
  statements: [
    // G(d) of every document (its DiscDate) and the code epochs (the days the known set grows).
    `CREATE TABLE s_g AS SELECT s.pos, coalesce(g.factor, f.f0) g FROM srec s JOIN firsts f ON f.code = s.grp ASOF LEFT JOIN rows g ON s.grp = g.code AND s.DiscDate >= g.date`,
    `CREATE TABLE s_ep AS SELECT DISTINCT grp code, eff FROM srec`,
    // The version rule: at each epoch every known results period at its latest known version.
    `CREATE TABLE s_kv AS SELECT e.code, e.eff, s.obj, arg_max(s.pos, s.ver * 1e7 + s.pos) rec FROM s_ep e JOIN srec s ON s.grp = e.code AND s.eff <= e.eff AND s.Cls = 0 GROUP BY e.code, e.eff, s.obj`,
    // L (latest CurPerEn, ties to the later document), and the latest documents carrying BPS and EqAR.
    `CREATE TABLE s_lb AS SELECT k.code, k.eff, arg_max(k.rec, r.PerEn * 1e6 + k.rec) l, arg_max(k.rec, r.PerEn * 1e6 + k.rec) FILTER (WHERE r.BPS IS NOT NULL) b,
       arg_max(k.rec, r.PerEn * 1e6 + k.rec) FILTER (WHERE r.EqAR IS NOT NULL) q FROM s_kv k JOIN srec r ON r.pos = k.rec GROUP BY k.code, k.eff`,
    // prev(L) and Fp(L) among the epoch's versions; E*; the eff of the latest R or E document.
    `CREATE TABLE s_x AS SELECT e.code, e.eff, lb.l, lb.b, lb.q, pv.rec prev, CASE WHEN L.Per = 4 THEN lb.l ELSE fk.rec END fp,
       CASE WHEN L.Per = 4 THEN L.NxEn ELSE L.FYEn END estar
       FROM s_ep e LEFT JOIN s_lb lb ON lb.code = e.code AND lb.eff = e.eff LEFT JOIN srec L ON L.pos = lb.l
       LEFT JOIN s_kv pv ON pv.code = e.code AND pv.eff = e.eff AND pv.obj = (L.FYSt - 1) * 8 + L.Per
       LEFT JOIN s_kv fk ON fk.code = e.code AND fk.eff = e.eff AND fk.obj = (L.FYSt - 1) * 8 + 4`,
    `CREATE TABLE s_re AS SELECT e.code, e.eff, max(s.eff) reeff FROM s_ep e JOIN srec s ON s.grp = e.code AND s.eff <= e.eff AND s.Cls < 2 GROUP BY e.code, e.eff`,
    // Forecasts by (target year, field): FY results give next year's, D documents the dividend only.
    `CREATE TABLE s_fc AS SELECT * FROM (
       SELECT grp code, pos, eff, ${fc('FYEn', 'NxEn')} yr, 0 f, CASE WHEN Cls = 2 THEN NULL ELSE ${fc('FOP', 'NxFOP')} END v FROM srec
       UNION ALL SELECT grp, pos, eff, ${fc('FYEn', 'NxEn')}, 1, CASE WHEN Cls = 2 THEN NULL ELSE ${fc('FNP', 'NxFNp')} END FROM srec
       UNION ALL SELECT grp, pos, eff, ${fc('FYEn', 'NxEn')}, 2, CASE WHEN Cls = 2 THEN NULL ELSE ${fc('FEPS', 'NxFEPS')} END FROM srec
       UNION ALL SELECT grp, pos, eff, ${fc('FYEn', 'NxEn')}, 3, ${fc('FDivAnn', 'NxFDivAnn')} FROM srec) WHERE v IS NOT NULL AND yr IS NOT NULL`,
    // Revisions: a value that differs from the state just before it (the previous non-null value in disclosure order).
    `CREATE TABLE s_rev AS SELECT code, pos, eff, yr, f, CASE WHEN v0 <> 0 THEN fin((v - v0) / abs(v0)) END sz
       FROM (SELECT *, lag(v) OVER (PARTITION BY code, yr, f ORDER BY pos) v0 FROM s_fc) WHERE v0 IS NOT NULL AND v0 <> v`,
    // The state of E* at each epoch: value and G(d) of its latest document, the latest revision, the last revising eff.
    `CREATE TABLE s_fs AS SELECT x.code, x.eff, c.f, arg_max(c.v, c.pos) val, arg_max(g.g, c.pos) g
       FROM s_x x JOIN s_fc c ON c.code = x.code AND c.yr = x.estar AND c.eff <= x.eff JOIN s_g g ON g.pos = c.pos GROUP BY x.code, x.eff, c.f`,
    `CREATE TABLE s_rs AS SELECT x.code, x.eff, c.f, arg_max_null(c.sz, c.pos) sz FROM s_x x JOIN s_rev c ON c.code = x.code AND c.yr = x.estar AND c.eff <= x.eff GROUP BY x.code, x.eff, c.f`,
    `CREATE TABLE s_rf AS SELECT x.code, x.eff, max(c.eff) reveff FROM s_x x JOIN s_rev c ON c.code = x.code AND c.yr = x.estar AND c.eff <= x.eff GROUP BY x.code, x.eff`,
    `CREATE TABLE s_st AS SELECT x.code, x.eff, re.reeff, rf.reveff, L.PerEn perEn, CASE WHEN L.Per <= 4 THEN L.Per END fq,
       B.BPS * gb.g bpsG, B.PerEn bpsEn, Q.EqAR eqar, Q.PerEn eqarEn,
       CASE WHEN L.Sales > 0 THEN fin(L.OP / L.Sales) END opm, ${yoy('Sales')} yoys, ${yoy('OP')} yoyo, ${yoy('NP')} yoyn,
       CASE WHEN L.Eq > 0 THEN fin((CASE WHEN L.Per = 4 AND ${reg('L')} THEN L.NP
         WHEN L.Per BETWEEN 1 AND 3 AND F.pos IS NOT NULL AND P.pos IS NOT NULL AND ${reg('L')} AND ${reg('F')} AND ${reg('P')} THEN L.NP + F.NP - P.NP END) / L.Eq) END roe,
       CASE WHEN L.Per BETWEEN 1 AND 3 AND fo.val > 0 THEN fin(L.OP / fo.val) END prog,
       CASE WHEN F.pos IS NOT NULL AND ${reg('F')} AND (CASE WHEN L.Per = 4 THEN L.NxEn - L.NxSt ELSE L.FYEn - L.FYSt END) + 1 BETWEEN 350 AND 380 AND F.OP <> 0
         THEN fin((fo.val - F.OP) / abs(F.OP)) END grow,
       fe.val * fe.g epsG, fd.val * fd.g divG, r0.sz revop, r1.sz revnp, r3.sz revdiv
       FROM s_x x LEFT JOIN srec L ON L.pos = x.l LEFT JOIN srec P ON P.pos = x.prev LEFT JOIN srec F ON F.pos = x.fp
       LEFT JOIN srec B ON B.pos = x.b LEFT JOIN s_g gb ON gb.pos = x.b LEFT JOIN srec Q ON Q.pos = x.q
       LEFT JOIN s_re re ON re.code = x.code AND re.eff = x.eff LEFT JOIN s_rf rf ON rf.code = x.code AND rf.eff = x.eff
       LEFT JOIN s_fs fo ON fo.code = x.code AND fo.eff = x.eff AND fo.f = 0 LEFT JOIN s_fs fe ON fe.code = x.code AND fe.eff = x.eff AND fe.f = 2
       LEFT JOIN s_fs fd ON fd.code = x.code AND fd.eff = x.eff AND fd.f = 3
       LEFT JOIN s_rs r0 ON r0.code = x.code AND r0.eff = x.eff AND r0.f = 0 LEFT JOIN s_rs r1 ON r1.code = x.code AND r1.eff = x.eff AND r1.f = 1
       LEFT JOIN s_rs r3 ON r3.code = x.code AND r3.eff = x.eff AND r3.f = 3`,
    // Rows: the epoch by ASOF JOIN on the effective day; every column but the three timing ones null when stale.
    `CREATE TABLE s_out AS SELECT i, CASE WHEN NOT stale AND epsG > 0 THEN fin(close / epsG) END stmt_per, CASE WHEN NOT stale THEN fin(epsG / close) END stmt_earnings_yield,
       CASE WHEN NOT stale AND bpsG > 0 AND bpsEn >= date - 450 THEN fin(close / bpsG) END stmt_pbr, CASE WHEN NOT stale THEN fin(divG / close) END stmt_dividend_yield,
       CASE WHEN NOT stale THEN roe END stmt_roe, CASE WHEN NOT stale THEN opm END stmt_opm, CASE WHEN NOT stale AND eqarEn >= date - 450 THEN eqar END stmt_equity_ratio,
       CASE WHEN NOT stale THEN yoys END stmt_yoy_sales, CASE WHEN NOT stale THEN yoyo END stmt_yoy_op, CASE WHEN NOT stale THEN yoyn END stmt_yoy_np,
       CASE WHEN NOT stale THEN prog END stmt_progress_op, CASE WHEN NOT stale THEN grow END stmt_fore_op_growth, CASE WHEN NOT stale THEN revop END stmt_rev_fore_op,
       CASE WHEN NOT stale THEN revnp END stmt_rev_fore_np, CASE WHEN NOT stale THEN revdiv END stmt_rev_div_fore,
       CASE WHEN stale THEN NULL WHEN reveff = ord THEN 1 ELSE 0 END stmt_imp_revision, CASE WHEN reeff = ord THEN 1 ELSE 0 END stmt_imp_statement,
       ord - reeff stmt_days_since_statement, fq stmt_fiscal_quarter
       FROM (SELECT r.i, r.ord, r.date, r.close, s.*, coalesce(r.date - s.perEn > 200, false) stale FROM rows r ASOF LEFT JOIN s_st s ON r.code = s.code AND r.ord >= s.eff)`,
  ],
};
const threads = (await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0]![0];
const duckFam: Record<string, { wall: number; cpu: number }> = {};
const duck = await measured(async () => {
  for (const f of FAMS) {
    const x = await measured(async () => { for (const q of SQL[f]) await db.run(q); });
    duckFam[f] = { wall: x.wall, cpu: x.cpu };
  }
});

// Values first: every column of every row, nulls equal, numbers within 1e-12 relative (flow z52: 1e-9, the
// features.md tolerance, as DuckDB's stddev_samp and gq's two-pass sum differ in the last bits).
const CHECK_CHUNK = 500_000;
const OUT_TABLE: Record<EventFamily, string> = { margin: 'm_out', dmi: 'd_out', flows: 'f_out', statements: 's_out' };
let cells = 0;
const bad: string[] = [];
const mismatches: Record<string, number> = {};
for (const f of FAMS) {
  const cols = EVENT_COLUMNS[f];
  const seen = new Uint8Array(panel.rows);
  const tol = (c: string): number => (c === 'flow_foreign_net_ratio_z52' ? 1e-9 : 1e-12);
  const miss = (c: string, msg: string): void => { mismatches[c] = (mismatches[c] ?? 0) + 1; if (bad.length < 12) bad.push(msg); };
  // In chunks of rows, column by column, so the 50 x 4M values never sit in memory as JS arrays at once.
  for (let lo = 0; lo < panel.rows; lo += CHECK_CHUNK) {
    const res = await db.runAndReadAll(`SELECT i, ${cols.join(', ')} FROM ${OUT_TABLE[f]} WHERE i >= ${lo} AND i < ${lo + CHECK_CHUNK}`);
    const got = res.getColumnsJS();
    const idx = got[0]!;
    for (let r = 0; r < idx.length; r++) seen[Number(idx[r])] = 1;
    cols.forEach((c, k) => {
      const col = got[k + 1]!;
      const g = out[c]!;
      const t = tol(c);
      for (let r = 0; r < idx.length; r++) {
        const i = Number(idx[r]);
        const x = col[r];
        const d = x === null ? Number.NaN : Number(x);
        cells++;
        const ok = d !== d ? g[i]! !== g[i]! : Math.abs(g[i]! - d) <= t * Math.max(1, Math.abs(d));
        if (!ok) miss(c, `${c} row ${i}: gq ${g[i]}, duckdb ${d}`);
      }
    });
  }
  // Rows DuckDB does not output (flows: rows without a section) must be null in gq.
  for (let i = 0; i < panel.rows; i++) if (!seen[i]) for (const c of cols) { cells++; if (out[c]![i] === out[c]![i]) miss(c, `${c} row ${i}: gq ${out[c]![i]}, not in DuckDB's output`); }
}
const nonNull = Object.fromEntries(FAMS.map((f) => [f, EVENT_COLUMNS[f].filter((c) => out[c]!.some((x) => x === x)).length]));
const allNull = FAMS.flatMap((f) => EVENT_COLUMNS[f].filter((c) => !out[c]!.some((x) => x === x)));
console.log(`values: ${cells} cells of ${FAMS.reduce((n, f) => n + EVENT_COLUMNS[f].length, 0)} columns compared (columns with values: ${FAMS.map((f) => `${f} ${nonNull[f]}/${EVENT_COLUMNS[f].length}`).join(", ")}; null everywhere in these records: ${allNull.join(", ") || "none"}), `
  + `${bad.length === 0 ? 'all equal' : `MISMATCHES ${JSON.stringify(mismatches)}:\n${bad.join('\n')}`}`);
if (bad.length > 0) {
  console.log('times not printed: the values differ');
  process.exit(1);
}
const s3 = (ms: number): string => (ms / 1000).toFixed(3);
const load1 = loadavg();
console.log(`load average (1, 5, 15 min) at start ${load0.map((x) => x.toFixed(1)).join(' ')}, at end ${load1.map((x) => x.toFixed(1)).join(' ')}; DuckDB threads ${threads}; best of ${a.runs} for gq
| as-of joins of the four families, 50 columns x ${panel.rows} rows | wall s | CPU s |
|---|---|---|
| DuckDB ASOF JOIN, all four (${threads} threads, in-process; loading not timed) | ${s3(duck.wall)} | ${s3(duck.cpu)} |
| DuckDB per family: ${FAMS.map((f) => f).join(' / ')} | ${FAMS.map((f) => s3(duckFam[f]!.wall)).join(' / ')} | ${FAMS.map((f) => s3(duckFam[f]!.cpu)).join(' / ')} |
| gq, 1 thread, all four (+ the flow grid ${s3(grid.wall)} s) | ${s3(gq1.wall + grid.wall)} | ${s3(gq1.cpu + grid.cpu)} |
| gq per family, 1 thread: ${FAMS.map((f) => f).join(' / ')} | ${FAMS.map((f) => s3(perFam[f]!)).join(' / ')} | |
| gq, pool of ${a.workers} workers: volume_ma_20 + 50 columns / volume_ma_20 alone | ${s3(withVma.wall)} / ${s3(vmaOnly.wall)} | ${s3(withVma.cpu)} / ${s3(vmaOnly.cpu)} |
| **gq joins on the pool (difference + flow grid)** | **${s3(gqPool.wall)}** | **${s3(gqPool.cpu)}** |
| **DuckDB / gq pool** | **${(duck.wall / gqPool.wall).toFixed(1)}x** | ${(duck.cpu / gqPool.cpu).toFixed(1)}x |
peak RSS ${await peakRssMiB()} MiB`);
