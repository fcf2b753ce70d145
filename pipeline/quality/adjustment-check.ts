/**
 * gq's split adjustment against J-Quants' own AdjO/AdjH/AdjL/AdjC/AdjVo (tse.md §3.2). J-Quants rounds adjusted
 * prices to 0.1 yen, so a price agrees within 0.05 yen; its AdjVo rounding is not documented, so volume agrees within
 * half a share. A mismatch is a warning, never an error: Adj* values are rewritten by J-Quants after every new split,
 * so rows cached before a split legitimately disagree, and the raw row itself is not wrong.
 */
import { formatDay } from '../../engine/dates.ts';
import type { Panel } from '../../engine/panel.ts';
import type { RawBars } from '../../engine/raw-bars.ts';
import { makeResult, type CheckResult } from './check-types.ts';
import { F64List, RowList } from './row-list.ts';
import type { RowGroups } from './sort-rows.ts';

/** J-Quants' field names in the order of the `field` codes 0..4. */
export const ADJUSTED_FIELDS = ['AdjO', 'AdjH', 'AdjL', 'AdjC', 'AdjVo'] as const;
export type AdjustedField = (typeof ADJUSTED_FIELDS)[number];

export const PRICE_TOLERANCE = 0.05;
export const VOLUME_TOLERANCE = 0.5;

/** The disagreements, as columns: one entry per (row, field). */
export type AdjustmentMismatches = {
  /** Rows of the checked table (RawBars rows for the raw check, Panel rows for the panel check). */
  rows: Int32Array;
  /** Index into ADJUSTED_FIELDS. */
  field: Uint8Array;
  gq: Float64Array;
  jquants: Float64Array;
  /** Values compared (present on at least one side). */
  compared: number;
};

/** One disagreement as a record for reports: code, date, field, gq's value and J-Quants' value (null = missing). */
export type AdjustmentDisagreement = { Code: string; Date: string; field: AdjustedField; gq: number | null; jquants: number | null };

class Collector {
  rows = new RowList();
  field = new RowList();
  gq = new F64List();
  jq = new F64List();
  compared = 0;

  /** Compares one value pair; both null agrees, one null disagrees. */
  add(row: number, field: number, gq: number, jq: number, tol: number): void {
    const gNull = gq !== gq;
    const jNull = jq !== jq;
    if (gNull && jNull) return;
    this.compared++;
    if (!gNull && !jNull && Math.abs(gq - jq) <= tol + 1e-9 * Math.abs(jq)) return;
    this.rows.push(row);
    this.field.push(field);
    this.gq.push(gq);
    this.jq.push(jq);
  }

  done(): AdjustmentMismatches {
    return { rows: this.rows.toArray(), field: Uint8Array.from(this.field.toArray()), gq: this.gq.toArray(), jquants: this.jq.toArray(), compared: this.compared };
  }
}

/** The raw table carries J-Quants' adjusted columns. */
export function hasAdjusted(raw: RawBars): boolean {
  return raw.adjOpen !== undefined && raw.adjHigh !== undefined && raw.adjLow !== undefined && raw.adjClose !== undefined && raw.adjVolume !== undefined;
}

/**
 * Before assembly: recomputes the backward cumulative factor F over each code's kept rows (the product of AdjFactor
 * strictly after the row, as assembly does) and compares raw x F and Vo / F with J-Quants' Adj* columns.
 */
export function checkRawAdjustment(raw: RawBars, groups: RowGroups, keep: Uint8Array): AdjustmentMismatches {
  const out = new Collector();
  if (!hasAdjusted(raw)) return out.done();
  const { open, high, low, close, volume, adjFactor } = raw;
  const aO = raw.adjOpen!;
  const aH = raw.adjHigh!;
  const aL = raw.adjLow!;
  const aC = raw.adjClose!;
  const aV = raw.adjVolume!;
  const { order, offsets } = groups;
  for (let k = 0; k < offsets.length - 1; k++) {
    let F = 1;
    for (let j = offsets[k + 1]! - 1; j >= offsets[k]!; j--) {
      const r = order[j]!;
      if (keep[r] !== 1) continue;
      out.add(r, 0, open[r]! * F, aO[r]!, PRICE_TOLERANCE);
      out.add(r, 1, high[r]! * F, aH[r]!, PRICE_TOLERANCE);
      out.add(r, 2, low[r]! * F, aL[r]!, PRICE_TOLERANCE);
      out.add(r, 3, close[r]! * F, aC[r]!, PRICE_TOLERANCE);
      out.add(r, 4, volume[r]! / F, aV[r]!, VOLUME_TOLERANCE);
      F *= adjFactor[r]!;
    }
  }
  return out.done();
}

/**
 * After assembly: compares the Panel's adjusted prices and volume (what gq will output) with J-Quants' Adj* values
 * of the raw row each panel row came from (Panel.rawRow). No-trade rows are skipped: gq fills them, J-Quants nulls them.
 */
export function checkPanelAdjustment(panel: Panel, raw: RawBars): AdjustmentMismatches {
  const out = new Collector();
  if (!hasAdjusted(raw)) return out.done();
  const aO = raw.adjOpen!;
  const aH = raw.adjHigh!;
  const aL = raw.adjLow!;
  const aC = raw.adjClose!;
  const aV = raw.adjVolume!;
  const { open, high, low, close, volume, traded, rawRow } = panel;
  for (let i = 0; i < panel.rows; i++) {
    if (traded[i] !== 1) continue;
    const r = rawRow[i]!;
    out.add(i, 0, open[i]!, aO[r]!, PRICE_TOLERANCE);
    out.add(i, 1, high[i]!, aH[r]!, PRICE_TOLERANCE);
    out.add(i, 2, low[i]!, aL[r]!, PRICE_TOLERANCE);
    out.add(i, 3, close[i]!, aC[r]!, PRICE_TOLERANCE);
    out.add(i, 4, volume[i]!, aV[r]!, VOLUME_TOLERANCE);
  }
  return out.done();
}

/** The mismatches as a warning result, with a per-finding detail naming the field and both values. */
export function adjustmentResult(m: AdjustmentMismatches): CheckResult {
  return makeResult('adjusted-mismatch', m.rows, { detail: (k) => `${ADJUSTED_FIELDS[m.field[k]!]}: gq ${m.gq[k]} vs J-Quants ${m.jquants[k]}` });
}

/**
 * Up to `limit` disagreements as records (code, date, field, gq value, J-Quants value). `codeOf`/`dateOf` name a
 * row of the checked table: use `rawRowNames(raw)` for the raw check, `panelRowNames(panel)` for the panel check.
 */
export function adjustmentDisagreements(m: AdjustmentMismatches, names: RowNames, limit = Infinity): AdjustmentDisagreement[] {
  const out: AdjustmentDisagreement[] = [];
  const n = Math.min(m.rows.length, limit);
  const val = (x: number): number | null => (x === x ? x : null);
  for (let k = 0; k < n; k++) {
    const r = m.rows[k]!;
    out.push({ Code: names.codeOf(r), Date: formatDay(names.dateOf(r)), field: ADJUSTED_FIELDS[m.field[k]!]!, gq: val(m.gq[k]!), jquants: val(m.jquants[k]!) });
  }
  return out;
}

export type RowNames = { codeOf(row: number): string; dateOf(row: number): number };

/** Names of RawBars rows. */
export function rawRowNames(raw: RawBars): RowNames {
  return { codeOf: (r) => raw.codes[raw.code[r]!] ?? `#${raw.code[r]}`, dateOf: (r) => raw.date[r]! };
}

/** Names of Panel rows. */
export function panelRowNames(panel: Panel): RowNames {
  return { codeOf: (i) => panel.codes[panel.code[i]!] ?? `#${panel.code[i]}`, dateOf: (i) => panel.date[i]! };
}
