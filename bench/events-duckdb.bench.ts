/**
 * gq's as-of joins against DuckDB's ASOF JOIN doing the same joins (values checked), on the sample market's event
 * records (bench/events.bench.ts has gq alone). DuckDB gets gq's event tables (records with their effective-day
 * ordinal, object and version keys, already parsed) and the panel rows (code, business-day ordinal, date, split
 * factor, volume_ma_20, flow section), and derives in SQL, per family, each epoch's state (the current object's
 * latest known version), the split basis G(d) by a second ASOF JOIN, and the rows' values with the maximum ages.
 * Covered: weekly margin (9 columns), daily margin (10) and the 8 single-week flow columns; not covered: the flow
 * windows (4w, z52, activity) and statements, whose state (forecasts, revisions, YoY by period) is not an as-of
 * lookup. gq's side is timed on the same three families. DuckDB runs in this process with its default threads.
 * (arg_max_null, not arg_max: arg_max skips rows whose value is NULL, which would take an older record's value.)
 *   ./node_modules/.bin/node bench/events-duckdb.bench.ts --codes 4000 --days 1100
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { tseCalendar } from '../engine/calendar/tse-calendar.ts';
import { assemblePanel } from '../engine/assemble-panel.ts';
import { formatDay } from '../engine/dates.ts';
import { buildEvents } from '../engine/events/event-sources.ts';
import { EVENT_COLUMNS, joinEvents, type EventFamily } from '../engine/events/join-events.ts';
import { createFeaturePool } from '../engine/feature-pool.ts';
import { masterAsOf } from '../engine/master-asof.ts';
import { investorTypeCorrections, marginAlertRecordsOn } from '../io/jquants/standin/synthetic/event-cases.ts';
import { investorTypeRecords } from '../io/jquants/standin/synthetic/investor-types.ts';
import { marginInterestRecord } from '../io/jquants/standin/synthetic/margin.ts';
import { viewOf } from '../io/jquants/standin/market-view.ts';
import { generateMarket } from '../io/sample/market.ts';
import type { EventTable } from '../kernels/asof-join.ts';
import { rollingMean } from '../kernels/rolling-mean.ts';
import { benchArgs } from './args.ts';

const a = benchArgs({ codes: 4000, days: 1100, workers: 2 });
const m = generateMarket({ codes: a.codes, days: a.days, withAdjusted: false });
const { panel } = assemblePanel(m.bars, m.topix);
const v = viewOf(m);
const first = m.days[0]!;
const last = m.days[m.days.length - 1]!;
const plain = investorTypeRecords(v, first, last + 30, null, last + 30);
const flows = [...plain, ...investorTypeCorrections(v, plain, first, last + 30, last + 30)];
const margin: Record<string, unknown>[] = [];
const alert: Record<string, unknown>[] = [];
for (let k = 0; k < m.bars.codes.length; k++) {
  for (let w = 0; w < v.weeks.length; w++) { const r = marginInterestRecord(v, k, w); if (r !== null) margin.push(r); }
  for (let di = 0; di < m.days.length; di++) alert.push(...marginAlertRecordsOn(v, k, di));
}
Object.assign(panel, masterAsOf(panel, m.master.map((r) => ({ Date: formatDay(first), Code: r.Code, Mkt: r.Mkt }))));
const built = buildEvents(panel, { flows, margin, dmi: alert }, tseCalendar);
const j = built.join;
const vma = new Float64Array(panel.rows);
for (let k = 0; k < panel.codes.length; k++) rollingMean(panel.volume, panel.offsets[k]!, vma, panel.offsets[k]!, panel.offsets[k + 1]! - panel.offsets[k]!, 20);
const FAMS: EventFamily[] = ['flows', 'margin', 'dmi'];
console.log(`panel ${panel.rows} rows; records: flows ${flows.length}, margin ${margin.length}, alert ${alert.length}`);

// gq: the three families, one thread and on the pool.
const out: Record<string, Float64Array> = {};
for (const f of FAMS) for (const c of EVENT_COLUMNS[f]) out[c] = new Float64Array(panel.rows).fill(0);
let gq1 = Infinity;
for (let r = 0; r < 3; r++) { const t = performance.now(); joinEvents(j, FAMS, 0, panel.codes.length, out, vma); gq1 = Math.min(gq1, performance.now() - t); }
panel.events = j;
const pool = await createFeaturePool(panel, { workers: a.workers, features: FAMS.flatMap((f) => [...EVENT_COLUMNS[f]]), slots: 1 });
let gqPool = Infinity;
let vmaPool = Infinity;
try {
  for (let r = 0; r < 4; r++) { const x = await pool.computeBatch(0, panel.codes.length); if (r > 0) gqPool = Math.min(gqPool, x.ms); }
} finally { await pool.close(); }
const vpool = await createFeaturePool(panel, { workers: a.workers, features: ['volume_ma_20'], slots: 1 });
try {
  for (let r = 0; r < 4; r++) { const x = await vpool.computeBatch(0, panel.codes.length); if (r > 0) vmaPool = Math.min(vmaPool, x.ms); }
} finally { await vpool.close(); }

// DuckDB: load (not timed), then every statement of the three families in one run (timed).
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
await load('rows', [['i', 'INTEGER', rowIdx], ['code', 'INTEGER', panel.code], ['ord', 'INTEGER', j.rows.ord], ['date', 'INTEGER', panel.date], ['factor', 'DOUBLE', panel.factor], ['vma', 'DOUBLE', vma], ['sec', 'INTEGER', sec]], panel.rows);
const groupOf = (t: EventTable): Int32Array => { const g = new Int32Array(t.eff.length); for (let k = 0; k + 1 < t.offsets.length; k++) g.fill(k, t.offsets[k]!, t.offsets[k + 1]!); return g; };
const tabCols = (t: EventTable, fields: string[]): [string, 'INTEGER' | 'DOUBLE', ArrayLike<number>][] => [
  ['grp', 'INTEGER', groupOf(t)], ['eff', 'INTEGER', t.eff], ['obj', 'DOUBLE', t.obj], ['ver', 'DOUBLE', t.ver], ['pos', 'INTEGER', Int32Array.from({ length: t.eff.length }, (_, i) => i)],
  ...fields.map((f): [string, 'DOUBLE', Float64Array] => [f, 'DOUBLE', t.values[f]!]),
];
await load('mrec', tabCols(j.src.margin!, ['LongVol', 'ShrtVol', 'IssType']), j.src.margin!.eff.length);
await load('drec', tabCols(j.src.dmi!, ['LongOut', 'ShrtOut', 'LongOutChg', 'ShrtOutChg', 'LongOutRatio', 'ShrtOutRatio', 'RegCls']), j.src.dmi!.eff.length);
const FF = ['Frgn', 'Ind', 'Prop', 'InvTr', 'TrstBnk', 'Tot'].flatMap((c) => [`${c}Buy`, `${c}Sell`]);
await load('frec', tabCols(j.src.flows!.table, FF), j.src.flows!.table.eff.length);
await db.run('CREATE TABLE firsts AS SELECT code, arg_min(factor, date) f0 FROM rows GROUP BY code');

const ratio = (n: string, d: string): string => `CASE WHEN (${d}) <> 0 THEN (${n}) / (${d}) END`;
const nv = (x: string): string => `(${x}Buy - ${x}Sell)`;
const vv = (x: string): string => `(${x}Buy + ${x}Sell)`;
const adv = (x: string, s: number): string => `CASE WHEN r.vma > 0 AND isfinite(${x} / (${s} * r.vma)) THEN ${x} / (${s} * r.vma) END`;
const SQL = [
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
  // Flows: per section epoch, W the greatest known week, its latest known version, e0 its first effective day.
  `CREATE TABLE f_ep AS SELECT grp s, eff, max(wmax) wstar FROM (SELECT grp, eff, max(obj) OVER (PARTITION BY grp ORDER BY eff RANGE UNBOUNDED PRECEDING) wmax FROM frec) GROUP BY grp, eff`,
  `CREATE TABLE f_st AS SELECT e.s, e.eff, min(f.eff) e0, ${FF.map((c) => `arg_max_null(f.${c}, f.ver * 1e7 + f.pos) ${c}`).join(', ')}
     FROM f_ep e JOIN frec f ON f.grp = e.s AND f.obj = e.wstar AND f.eff <= e.eff GROUP BY e.s, e.eff`,
  `CREATE TABLE f_out AS SELECT r.i, ${[['foreign', 'Frgn'], ['individual', 'Ind'], ['prop', 'Prop'], ['invtrust', 'InvTr'], ['trustbank', 'TrstBnk']]
    .map(([n, x]) => `CASE WHEN r.ord - f.e0 <= 10 THEN ${ratio(nv(`f.${x}`), vv(`f.${x}`))} END flow_${n}_net_ratio`).join(', ')},
     CASE WHEN r.ord - f.e0 <= 10 THEN ${ratio(nv('f.Frgn'), vv('f.Tot'))} END flow_foreign_net_to_total,
     CASE WHEN r.ord - f.e0 <= 10 THEN ${ratio(vv('f.Frgn'), vv('f.Tot'))} END flow_foreign_share,
     CASE WHEN r.ord - f.e0 <= 10 THEN r.ord - f.e0 END flow_days_since
     FROM rows r ASOF LEFT JOIN f_st f ON r.sec = f.s AND r.ord >= f.eff WHERE r.sec >= 0`,
];
const t0 = performance.now();
for (const q of SQL) await db.run(q);
const duck = performance.now() - t0;
const threads = (await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0]![0];

// Values: every compared column of every row, nulls equal, numbers within 1e-12 relative.
const compared = [...EVENT_COLUMNS.margin, ...EVENT_COLUMNS.dmi, ...EVENT_COLUMNS.flows.filter((c) => !/_4w|_z52|activity/.test(c))];
let cells = 0;
const bad: string[] = [];
for (const [table, cols] of [['m_out', EVENT_COLUMNS.margin], ['d_out', EVENT_COLUMNS.dmi], ['f_out', compared.filter((c) => c.startsWith('flow_'))]] as const) {
  const res = await db.runAndReadAll(`SELECT i, ${cols.join(', ')} FROM ${table}`);
  const seen = new Uint8Array(panel.rows);
  for (const row of res.getRows()) {
    const i = Number(row[0]);
    seen[i] = 1;
    cols.forEach((c, k) => {
      const d = row[k + 1] === null ? Number.NaN : Number(row[k + 1]);
      const g = out[c]![i]!;
      cells++;
      const ok = d !== d ? g !== g : Math.abs(g - d) <= 1e-12 * Math.max(1, Math.abs(d));
      if (!ok && bad.length < 8) bad.push(`${c} row ${i}: gq ${g}, duckdb ${d}`);
    });
  }
  // Flows rows without a section are not in DuckDB's output: gq must give null there.
  if (table === 'f_out') for (let i = 0; i < panel.rows; i++) if (!seen[i]) for (const c of cols) { cells++; if (out[c]![i] === out[c]![i] && bad.length < 8) bad.push(`${c} row ${i}: gq ${out[c]![i]}, no section`); }
}
const { loadavg } = await import('node:os');
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; DuckDB threads ${threads}
values: ${cells} cells of ${compared.length} columns compared, ${bad.length === 0 ? 'all equal' : `MISMATCHES:\n${bad.join('\n')}`}
| as-of joins of weekly margin, daily margin and flows (${panel.rows} rows) | s |
|---|---|
| DuckDB ASOF JOIN (state per epoch, G(d), rows; ${threads} threads) | ${(duck / 1000).toFixed(3)} |
| gq, 1 thread (all 31 columns of the three families) | ${(gq1 / 1000).toFixed(3)} |
| gq, pool of ${a.workers} workers (volume_ma_20 included: ${(vmaPool / 1000).toFixed(3)} s alone) | ${(gqPool / 1000).toFixed(3)} |
| DuckDB / gq pool (joins only) | ${(duck / (gqPool - vmaPool)).toFixed(1)}x |`);
if (bad.length > 0) process.exitCode = 1;
