/** Builds the event joins of a V2-shaped JSON fixture (fixtures/golden/events/<case>/input.json) through gq's code. */
import { readFileSync } from 'node:fs';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { tseCalendar } from '../../engine/calendar/tse-calendar.ts';
import { parseDay } from '../../engine/dates.ts';
import { bdOrdinals } from '../../engine/events/bd-ordinals.ts';
import { dmiTable } from '../../engine/events/dmi-table.ts';
import { flowsTable } from '../../engine/events/flows-table.ts';
import { EVENT_COLUMNS, EVENT_FAMILIES, joinEvents, prepareEventJoin } from '../../engine/events/join-events.ts';
import { marginTable } from '../../engine/events/margin-table.ts';
import { sectionsFromMaster } from '../../engine/events/sections.ts';
import { statementsTable } from '../../engine/events/statements-table.ts';
import type { MasterRow } from '../../engine/master-asof.ts';
import type { Panel } from '../../engine/panel.ts';
import type { BarRecord } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';

export type EventInput = {
  bars: BarRecord[];
  master: MasterRow[];
  investor_types: Record<string, unknown>[];
  margin_interest: Record<string, unknown>[];
  margin_alert: Record<string, unknown>[];
  fins_summary: Record<string, unknown>[];
};

/** The fixture's input. */
export function readInput(name: string): EventInput {
  return JSON.parse(readFileSync(new URL(`../../fixtures/golden/events/${name}/input.json`, import.meta.url), 'utf8')) as EventInput;
}

/** The panel of the fixture's bars. */
export function panelOf(inp: EventInput): Panel {
  const raw = rawBarsFromRecords(inp.bars);
  const dates = [...new Set(inp.bars.map((b) => b.Date))].sort();
  const topix = topixFromRecords(dates.map((Date) => ({ Date, O: 1, H: 1, L: 1, C: 1 })));
  return assemblePanel(raw, topix).panel;
}

/** Every event column of every panel row, through the tables and the as-of joins (one batch). */
export function joinAll(inp: EventInput, panel: Panel = panelOf(inp)): Record<string, Float64Array> {
  const lo = Math.min(panel.date[0]!, ...inp.fins_summary.map((r) => parseDay(String(r.DiscDate)))) - 400;
  const hi = panel.date.reduce((a, b) => Math.max(a, b), 0) + 60;
  const ordinals = bdOrdinals(tseCalendar, lo, hi);
  const src = {
    ordinals,
    flows: { table: flowsTable(inp.investor_types, ordinals).table, section: sectionsFromMaster(panel, inp.master) },
    margin: marginTable(inp.margin_interest, panel.codes, ordinals, tseCalendar).table,
    dmi: dmiTable(inp.margin_alert, panel.codes, ordinals).table,
    statements: statementsTable(inp.fins_summary, panel.codes, ordinals).table,
  };
  const out: Record<string, Float64Array> = {};
  for (const f of EVENT_FAMILIES) for (const c of EVENT_COLUMNS[f]) out[c] = new Float64Array(panel.rows);
  joinEvents(prepareEventJoin(panel, src), EVENT_FAMILIES, 0, panel.codes.length, out);
  return out;
}
