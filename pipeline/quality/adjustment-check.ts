/**
 * gq's split adjustment against J-Quants' own AdjO/AdjH/AdjL/AdjC/AdjVo (tse.md §3.2). J-Quants rounds adjusted
 * prices to 0.1 yen, so a price agrees within 0.05 yen; its AdjVo rounding is not documented, so volume agrees within
 * half a share. A mismatch is a warning, never an error: Adj* values are rewritten by J-Quants after every new split,
 * so rows cached before a split legitimately disagree, and the raw row itself is not wrong.
 */
import { formatDay } from '../../engine/dates.ts';
import type { Panel } from '../../engine/panel.ts';
import { backwardFactors } from '../../engine/assemble-panel.ts';
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

  /** The slow path for one pair that failed the fast test: both null agrees, one null or a gap disagrees. */
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

  /**
   * Compares the five values of one row. The common case (all present and within tolerance) costs five
   * subtractions; anything else goes value by value through `add`.
   */
  row(r: number, o: number, h: number, l: number, c: number, v: number, aO: number, aH: number, aL: number, aC: number, aV: number): void {
    const T = PRICE_TOLERANCE;
    // A NaN anywhere fails every <= below, so this is also the null test; the bounds are those of `add`.
    if (Math.abs(o - aO) <= T + 1e-9 * Math.abs(aO) && Math.abs(h - aH) <= T + 1e-9 * Math.abs(aH)
      && Math.abs(l - aL) <= T + 1e-9 * Math.abs(aL) && Math.abs(c - aC) <= T + 1e-9 * Math.abs(aC)
      && Math.abs(v - aV) <= VOLUME_TOLERANCE + 1e-9 * Math.abs(aV)) {
      this.compared += 5;
      return;
    }
    this.add(r, 0, o, aO, PRICE_TOLERANCE);
    this.add(r, 1, h, aH, PRICE_TOLERANCE);
    this.add(r, 2, l, aL, PRICE_TOLERANCE);
    this.add(r, 3, c, aC, PRICE_TOLERANCE);
    this.add(r, 4, v, aV, VOLUME_TOLERANCE);
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
 * Before assembly: the backward cumulative factor F of each row, exactly as assembly computes it (engine
 * backwardFactors), then raw x F and Vo / F of the kept rows against J-Quants' Adj* columns, in one sequential pass.
 */
export function checkRawAdjustment(raw: RawBars, groups: RowGroups, keep: Uint8Array, key: Int32Array): AdjustmentMismatches {
  const out = new Collector();
  if (!hasAdjusted(raw)) return out.done();
  const { open, high, low, close, volume } = raw;
  const n = raw.rows;
  const F = backwardFactors(raw, groups.order, groups.offsets, keep);
  const aO = raw.adjOpen!;
  const aH = raw.adjHigh!;
  const aL = raw.adjLow!;
  const aC = raw.adjClose!;
  const aV = raw.adjVolume!;
  for (let r = 0; r < n; r++) {
    if (keep[r] !== 1 || key[r]! < 0) continue;
    const f = F[r]!;
    out.row(r, open[r]! * f, high[r]! * f, low[r]! * f, close[r]! * f, volume[r]! / f, aO[r]!, aH[r]!, aL[r]!, aC[r]!, aV[r]!);
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
    out.row(i, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!, aO[r]!, aH[r]!, aL[r]!, aC[r]!, aV[r]!);
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
