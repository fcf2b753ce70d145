/**
 * `validateAll(panel)`: the checks a library user runs on an assembled Panel. Nothing is quarantined here (the
 * panel is already built); findings are reported with Panel row numbers.
 */
import type { Panel } from '../../engine/panel.ts';
import type { RawBars } from '../../engine/raw-bars.ts';
import { adjustmentResult, checkPanelAdjustment, hasAdjusted, type AdjustmentMismatches } from './adjustment-check.ts';
import { buildDayMask, checkMissingBusinessDays, checkNonBusinessDays } from './calendar-checks.ts';
import { makeResult, type Calendar, type CheckResult } from './check-types.ts';
import { checkPanelRows, panelStructureProblems } from './panel-checks.ts';
import { checkPriceLimits, type LimitStats } from './price-limits.ts';
import type { SkippedCheck } from './validate-raw.ts';

export type ValidateAllOptions = {
  /** The TSE calendar; without it the calendar checks are skipped (and listed as skipped). */
  calendar?: Calendar | null;
  /** The RawBars the panel was assembled from, to compare gq's adjustment with J-Quants' Adj* columns. */
  raw?: RawBars;
};

export type PanelStats = {
  rows: number;
  codes: number;
  tradedRows: number;
  noTradeRows: number;
  missingBusinessDays: number;
  priceLimit: LimitStats | null;
  adjustmentCompared: number;
};

export type PanelValidation = {
  errors: CheckResult[];
  warnings: CheckResult[];
  stats: PanelStats;
  /** Every check that ran, including those that found nothing. */
  results: CheckResult[];
  skipped: SkippedCheck[];
  adjustment: AdjustmentMismatches | null;
};

/**
 * Validates a Panel: structure, order, values and no-trade fill; calendar (when given); daily moves against the
 * TSE limit table, judged in raw units (price / factor, base = previous close / this row's factor); and, when the
 * raw bars are given, gq's adjusted values against J-Quants' Adj* columns.
 */
export function validateAll(panel: Panel, options: ValidateAllOptions = {}): PanelValidation {
  const results: CheckResult[] = [];
  const skipped: SkippedCheck[] = [];
  const stats: PanelStats = { rows: panel.rows, codes: panel.codes.length, tradedRows: 0, noTradeRows: 0, missingBusinessDays: 0, priceLimit: null, adjustmentCompared: 0 };
  const problems = panelStructureProblems(panel);
  if (problems.length > 0) {
    results.push(makeResult('panel-structure', new Int32Array(0), { count: problems.length, reason: problems.join('; ') }));
    skipped.push({ check: 'panel-order', why: 'panel structure is broken' });
    return finish(results, skipped, null, stats);
  }
  const bad = new Uint8Array(panel.rows);
  const add = (r: CheckResult): void => {
    results.push(r);
    if (r.severity === 'error') for (let k = 0; k < r.rows.length; k++) bad[r.rows[k]!] = 1;
  };
  for (const r of checkPanelRows(panel)) add(r);
  for (let i = 0; i < panel.rows; i++) stats.tradedRows += panel.traded[i] === 1 ? 1 : 0;
  stats.noTradeRows = panel.rows - stats.tradedRows;

  let afterGap: Uint8Array | undefined;
  if (options.calendar == null) {
    skipped.push({ check: 'non-business-day', why: 'no calendar supplied' }, { check: 'missing-business-day', why: 'no calendar supplied' });
  } else if (panel.rows > 0) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < panel.rows; i++) { const d = panel.date[i]!; if (d < lo) lo = d; if (d > hi) hi = d; }
    const days = buildDayMask(options.calendar, lo, hi);
    const all = new Uint8Array(panel.rows).fill(1);
    const nonBusiness = checkNonBusinessDays(panel.date, all, days);
    add(nonBusiness.result);
    for (let k = 0; k < nonBusiness.result.rows.length; k++) all[nonBusiness.result.rows[k]!] = 0;
    const missing = checkMissingBusinessDays(panel.date, panel.code, panel.codes.length, null, all, days);
    add(missing.result);
    afterGap = missing.afterGap;
    stats.missingBusinessDays = missing.result.count;
  }

  const raw = rawUnits(panel);
  const limits = checkPriceLimits({ key: panel.code, nKeys: panel.codes.length, visit: null, date: panel.date, ...raw, skip: bad, afterGap });
  for (const r of limits.results) add(r);
  stats.priceLimit = limits.stats;

  let adjustment: AdjustmentMismatches | null = null;
  if (options.raw === undefined || !hasAdjusted(options.raw)) {
    skipped.push({ check: 'adjusted-mismatch', why: options.raw === undefined ? 'no RawBars supplied' : 'RawBars has no Adj* columns' });
  } else {
    adjustment = checkPanelAdjustment(panel, options.raw);
    add(adjustmentResult(adjustment));
    stats.adjustmentCompared = adjustment.compared;
  }
  return finish(results, skipped, adjustment, stats);
}

/** The panel's prices back in raw units (divided by the row's factor), the per-row AdjFactor and the limit flags. */
function rawUnits(p: Panel): { high: Float64Array; low: Float64Array; close: Float64Array; exFactor: Float64Array; up: Uint8Array; down: Uint8Array } {
  const n = p.rows;
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const exFactor = new Float64Array(n);
  const up = new Uint8Array(n);
  const down = new Uint8Array(n);
  for (let k = 0; k < p.codes.length; k++) {
    const a = p.offsets[k]!;
    for (let i = a; i < p.offsets[k + 1]!; i++) {
      const f = p.factor[i]!;
      const traded = p.traded[i] === 1;
      high[i] = traded ? p.high[i]! / f : Number.NaN;
      low[i] = traded ? p.low[i]! / f : Number.NaN;
      close[i] = traded ? p.close[i]! / f : Number.NaN;
      // F(t-1) = F(t) x AdjFactor(t), so the ex-date's AdjFactor is the ratio of consecutive factors.
      exFactor[i] = i > a ? p.factor[i - 1]! / f : 1;
      up[i] = p.limit[i] === 1 ? 1 : 0;
      down[i] = p.limit[i] === -1 ? 1 : 0;
    }
  }
  return { high, low, close, exFactor, up, down };
}

function finish(results: CheckResult[], skipped: SkippedCheck[], adjustment: AdjustmentMismatches | null, stats: PanelStats): PanelValidation {
  return {
    errors: results.filter((r) => r.severity === 'error' && r.count > 0),
    warnings: results.filter((r) => r.severity === 'warning' && r.count > 0),
    stats, results, skipped, adjustment,
  };
}
