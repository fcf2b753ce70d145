/**
 * The check stage: the raw quality suite decides which rows are quarantined (written with their reasons, never
 * dropped silently) and which go on to assembly; the report goes beside the dataset.
 */
import { statSync } from 'node:fs';
import type { RawBars } from '../engine/raw-bars.ts';
import { writeRecordsCsv } from '../io/csv/index.ts';
import type { RunBus } from './events.ts';
import { buildQualityReport, type Calendar, QUARANTINE_COLUMNS, quarantineRecords, renderQualityReport, validateRaw, type QualityReport } from './quality/index.ts';
import type { WrittenFile } from './output-dir.ts';

export type Checked = {
  keep: Uint8Array;
  /** Quarantined rows that keep their (Code, Date) in the panel as an unknown bar (bad values on a valid day). */
  holes: Uint8Array;
  keptRows: number;
  report: QualityReport;
  /** Human-readable report, for the terminal and a .txt beside the JSON. */
  text: string;
  summary: string;
  quarantined: number;
  /** Writes the quarantine CSV (header only when nothing was quarantined). */
  writeQuarantine(path: string): Promise<WrittenFile>;
};

/** Runs the raw checks (or skips them, loudly) and prepares the quarantine file. */
export function checkStage(raw: RawBars, calendar: Calendar, skip: boolean, bus: RunBus): Checked {
  const v = validateRaw(raw, { calendar, skip });
  const report = buildQualityReport(raw, v);
  const text = renderQualityReport(report);
  if (skip) bus.emit('warn', 'QUALITY CHECKS SKIPPED (--skip-quality-checks): nothing was validated or quarantined; the report says so');
  for (const w of v.warnings) bus.emit('info', `check ${w.check}: ${w.count} row(s) — ${w.reason} (warning)`);
  for (const e of v.errors) bus.emit('warn', `check ${e.check}: ${e.count} row(s) quarantined — ${e.reason}`);
  const records = quarantineRecords(raw, v.errors);
  return {
    keep: v.keep,
    holes: holesOf(v.keep, v.errors),
    keptRows: v.stats.rowsKept,
    report,
    text,
    quarantined: v.stats.rowsQuarantined,
    summary: skip ? 'SKIPPED' : `${v.stats.rowsKept} rows kept, ${v.stats.rowsQuarantined} quarantined, ${v.warnings.reduce((s, w) => s + w.count, 0)} warnings`,
    async writeQuarantine(path) {
      await writeRecordsCsv(path, records as unknown as Record<string, unknown>[], [...QUARANTINE_COLUMNS]);
      return { kind: 'quarantine', path, bytes: statSync(path).size };
    },
  };
}

/** Checks whose rows have no valid (Code, Date) to keep, or whose (Code, Date) keeps another copy of the row. */
const NO_HOLE = new Set(['code-format', 'date-invalid', 'non-business-day', 'duplicate']);

/** Quarantined rows whose (Code, Date) stays as an unknown bar: every reason is about the bar's values. */
function holesOf(keep: Uint8Array, errors: readonly { check: string; rows: Int32Array }[]): Uint8Array {
  const holes = new Uint8Array(keep.length);
  for (let i = 0; i < keep.length; i++) holes[i] = keep[i] === 1 ? 0 : 1;
  for (const e of errors) if (NO_HOLE.has(e.check)) for (const r of e.rows) holes[r] = 0;
  return holes;
}
