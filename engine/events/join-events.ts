/**
 * Joins the event families onto panel rows (families.md §1-§4): builds the rows' business-day ordinals and
 * volume_ma_20 once, then runs each present family's as-of join for a range of codes into batch-local columns.
 * An absent family (no access, or not asked for) leaves its columns null.
 */
import type { EventTable, JoinRows } from '../../kernels/asof-join.ts';
import { DMI_COLUMNS, joinDmi } from '../../kernels/features-dmi.ts';
import { FLOW_COLUMNS, flowGrid, gatherFlows } from '../../kernels/features-flows.ts';
import { MARGIN_COLUMNS, joinMargin } from '../../kernels/features-margin.ts';
import { STMT_COLUMNS, joinStatements } from '../../kernels/features-statements.ts';
import { rollingMean } from '../../kernels/rolling-mean.ts';
import { sharedF64, sharedI32 } from '../shared.ts';
import type { BdOrdinals } from './bd-ordinals.ts';

export type EventFamily = 'flows' | 'margin' | 'dmi' | 'statements';
export const EVENT_FAMILIES: readonly EventFamily[] = ['flows', 'margin', 'dmi', 'statements'];

/** The output columns of each event family, in output order. */
export const EVENT_COLUMNS: Readonly<Record<EventFamily, readonly string[]>> = {
  flows: FLOW_COLUMNS, margin: MARGIN_COLUMNS, dmi: DMI_COLUMNS, statements: STMT_COLUMNS,
};

/** The panel columns the joins read (a Panel satisfies it). */
export type EventPanel = { rows: number; offsets: Int32Array; date: Int32Array; close: Float64Array; volume: Float64Array; factor: Float64Array };

/** Event tables of the present families; flows also need each row's section index (-1: none). */
export type EventSources = {
  ordinals: BdOrdinals;
  flows?: { table: EventTable; section: Int32Array };
  margin?: EventTable;
  dmi?: EventTable;
  statements?: EventTable;
};

/** Everything the joins need that does not depend on the batch: rows' ordinals, volume_ma_20 and the flow grid. */
export type EventJoin = { rows: JoinRows; src: Omit<EventSources, 'ordinals'>; flowGrid?: { grid: Record<string, Float64Array>; g0: number; n: number } };

/**
 * Prepares the joins over the whole panel, in shared memory so that pool workers read it in place. With
 * `withVma: false` the rows carry no volume_ma_20 and each joinEvents call is given the batch's own.
 */
export function prepareEventJoin(panel: EventPanel, src: EventSources, opts: { withVma?: boolean } = {}): EventJoin {
  const ord = sharedI32(panel.rows);
  const days = src.ordinals;
  for (let i = 0; i < panel.rows; i++) ord[i] = days.atOrAfter(panel.date[i]!);
  const vma = sharedF64(opts.withVma === false ? 0 : panel.rows, 0);
  if (opts.withVma !== false) {
    for (let k = 0; k + 1 < panel.offsets.length; k++) {
      const s = panel.offsets[k]!;
      rollingMean(panel.volume, s, vma, s, panel.offsets[k + 1]! - s, 20);
    }
  }
  const rows: JoinRows = { offsets: panel.offsets, ord, date: panel.date, close: panel.close, vma, factor: panel.factor };
  // Plain typed arrays only (no functions): the join goes to pool workers with each shard.
  const join: EventJoin = { rows, src: { flows: src.flows, margin: src.margin, dmi: src.dmi, statements: src.statements } };
  if (src.flows !== undefined && panel.rows > 0) {
    let lo = ord[0]!;
    let hi = lo;
    for (let i = 1; i < panel.rows; i++) { if (ord[i]! < lo) lo = ord[i]!; if (ord[i]! > hi) hi = ord[i]!; }
    const grid: Record<string, Float64Array> = {};
    for (const [c, v] of Object.entries(flowGrid(src.flows.table, lo, hi - lo + 1))) { grid[c] = sharedF64(v.length, 0); grid[c].set(v); }
    join.flowGrid = { grid, g0: lo, n: hi - lo + 1 };
  }
  return join;
}

/**
 * Writes the columns of `families` for codes [codeLo, codeHi) into `out` (row offsets[codeLo] is index 0 of each
 * column, and of `batchVma`, the rows' volume_ma_20 when the join was prepared without it). Families without a
 * source are written null.
 */
export function joinEvents(j: EventJoin, families: readonly EventFamily[], codeLo: number, codeHi: number, out: Record<string, Float64Array>, batchVma?: Float64Array): void {
  const base = j.rows.offsets[codeLo]!;
  const end = j.rows.offsets[codeHi]!;
  const n = end - base;
  // Batch-local rows: views from `base`, offsets shifted so code codeLo starts at 0.
  const offsets = new Int32Array(codeHi - codeLo + 1);
  for (let k = codeLo; k <= codeHi; k++) offsets[k - codeLo] = j.rows.offsets[k]! - base;
  const rows: JoinRows = {
    offsets, ord: j.rows.ord.subarray(base, end), date: j.rows.date.subarray(base, end), close: j.rows.close.subarray(base, end),
    vma: batchVma ?? j.rows.vma.subarray(base, end), factor: j.rows.factor.subarray(base, end),
  };
  const slot = new Int32Array(n);
  const age = new Int32Array(n);
  const local = (t: EventTable): EventTable => ({ ...t, offsets: t.offsets.subarray(codeLo) });
  const codes = codeHi - codeLo;
  for (const fam of families) {
    const cols = Object.fromEntries(EVENT_COLUMNS[fam].map((c) => [c, out[c]!]));
    const s = j.src;
    if (fam === 'margin' && s.margin !== undefined) joinMargin(rows, local(s.margin), 0, codes, cols, slot, age);
    else if (fam === 'dmi' && s.dmi !== undefined) joinDmi(rows, local(s.dmi), 0, codes, cols, slot, age);
    else if (fam === 'statements' && s.statements !== undefined) joinStatements(rows, local(s.statements), 0, codes, cols, slot, age);
    else if (fam === 'flows' && s.flows !== undefined && j.flowGrid !== undefined) {
      gatherFlows(j.flowGrid.grid, j.flowGrid.g0, j.flowGrid.n, rows.ord, s.flows.section.subarray(base, end), 0, n, cols);
    } else for (const c of Object.values(cols)) c.fill(Number.NaN, 0, n);
  }
}
