/** The data-quality layer: raw checks before assembly, panel checks after, quarantine records and the report. */

export { CHECKS, type Calendar, type CheckFamily, type CheckName, type CheckResult, type CheckSpec, type Severity } from './check-types.ts';
export { validateRaw, type RawStats, type RawValidation, type SkippedCheck, type ValidateRawOptions } from './validate-raw.ts';
export { validateAll, type PanelStats, type PanelValidation, type ValidateAllOptions } from './validate-all.ts';
export { QUARANTINE_COLUMNS, quarantineRecords, type QuarantineRecord } from './quarantine.ts';
export { buildQualityReport, rawNullRatios, renderQualityReport, type QualityReport } from './quality-report.ts';
export {
  ADJUSTED_FIELDS, adjustmentDisagreements, checkPanelAdjustment, panelRowNames, rawRowNames,
  type AdjustmentDisagreement, type AdjustmentMismatches,
} from './adjustment-check.ts';
export { CODE_PATTERN, isValidCode } from './codes.ts';
export type { LimitStats } from './price-limits.ts';
