/**
 * As-of joins of the four event families (families.md §1-§4) on the sample market: weekly flows by section, weekly
 * margin for two thirds of the codes, ~5% of codes under daily alert, 4 statements per code per year (the stand-in's
 * synthetic records). Times the table building and the joins separately, single-threaded.
 *   ./node_modules/.bin/node bench/events.bench.ts --codes 4000 --days 1100
 */
import { tseCalendar } from '../engine/calendar/tse-calendar.ts';
import { assemblePanel } from '../engine/assemble-panel.ts';
import { formatDay } from '../engine/dates.ts';
import { bdOrdinals } from '../engine/events/bd-ordinals.ts';
import { dmiTable } from '../engine/events/dmi-table.ts';
import { flowsTable } from '../engine/events/flows-table.ts';
import { EVENT_COLUMNS, EVENT_FAMILIES, joinEvents, prepareEventJoin } from '../engine/events/join-events.ts';
import { marginTable } from '../engine/events/margin-table.ts';
import { sectionsFromMaster } from '../engine/events/sections.ts';
import { statementsTable } from '../engine/events/statements-table.ts';
import { summaryRecord } from '../io/jquants/standin/synthetic/fins.ts';
import { investorTypeRecords } from '../io/jquants/standin/synthetic/investor-types.ts';
import { marginAlertRecord, marginInterestRecord } from '../io/jquants/standin/synthetic/margin.ts';
import { viewOf } from '../io/jquants/standin/market-view.ts';
import { generateMarket } from '../io/sample/market.ts';
import { benchArgs, peakRssMiB } from './args.ts';

const a = benchArgs({ codes: 4000, days: 1100, runs: 3 });
const m = generateMarket({ codes: a.codes, days: a.days, withAdjusted: false });
const { panel } = assemblePanel(m.bars, m.topix);
const v = viewOf(m);
const first = m.days[0]!;
const last = m.days[m.days.length - 1]!;
const flows = investorTypeRecords(v, first, last + 30, null, last + 30);
const margin: Record<string, unknown>[] = [];
const alert: Record<string, unknown>[] = [];
const fins: Record<string, unknown>[] = [];
for (let k = 0; k < m.bars.codes.length; k++) {
  for (let w = 0; w < v.weeks.length; w++) { const r = marginInterestRecord(v, k, w); if (r !== null) margin.push(r); }
  for (let di = 0; di < m.days.length; di++) {
    const r = marginAlertRecord(v, k, di);
    if (r !== null) alert.push(r);
    const s = summaryRecord(v, k, di);
    if (s !== null) fins.push(s);
  }
}
// One snapshot per code dated on the first day, so every row has a section (the bench times joins, not the master).
const master = m.master.map((r) => ({ Date: formatDay(first), Code: r.Code, Mkt: r.Mkt }));
console.log(`panel ${panel.rows} rows x ${panel.codes.length} codes; records: flows ${flows.length}, margin ${margin.length}, alert ${alert.length}, fins ${fins.length}`);

const f = (ms: number): string => (ms / 1000).toFixed(3);
const timeIt = (fn: () => void): number => { const t = performance.now(); fn(); return performance.now() - t; };
let tables = 0;
let prepare = 0;
let join = 0;
for (let run = 0; run < a.runs; run++) {
  let src!: Parameters<typeof prepareEventJoin>[1];
  tables = Math.min(run === 0 ? Infinity : tables, timeIt(() => {
    const ordinals = bdOrdinals(tseCalendar, first - 400, last + 60);
    src = {
      ordinals,
      flows: { table: flowsTable(flows, ordinals).table, section: sectionsFromMaster(panel, master) },
      margin: marginTable(margin, panel.codes, ordinals, tseCalendar).table,
      dmi: dmiTable(alert, panel.codes, ordinals).table,
      statements: statementsTable(fins, panel.codes, ordinals).table,
    };
  }));
  let j!: ReturnType<typeof prepareEventJoin>;
  prepare = Math.min(run === 0 ? Infinity : prepare, timeIt(() => { j = prepareEventJoin(panel, src); }));
  const out: Record<string, Float64Array> = {};
  for (const f of EVENT_FAMILIES) for (const c of EVENT_COLUMNS[f]) out[c] = new Float64Array(panel.rows);
  join = Math.min(run === 0 ? Infinity : join, timeIt(() => joinEvents(j, EVENT_FAMILIES, 0, panel.codes.length, out)));
  if (process.env.GQ_BENCH_FAMILIES) for (const fam of EVENT_FAMILIES) console.log(fam, f(timeIt(() => joinEvents(j, [fam], 0, panel.codes.length, out))));
}
console.log(`| step (best of ${a.runs}, 1 thread) | s |\n|---|---|\n| event tables from ${flows.length + margin.length + alert.length + fins.length} records | ${f(tables)} |\n| ordinals, volume_ma_20, flow grid | ${f(prepare)} |\n| as-of joins, 50 columns x ${panel.rows} rows | ${f(join)} |\n| joins + prepare | ${f(join + prepare)} |\npeak RSS ${await peakRssMiB()} MiB`);
