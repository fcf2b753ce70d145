/** eval.json: the whole report, machine-readable; NaN (undefined statistics) becomes null. */
import type { EvalReport } from './summarize.ts';

/** The report as JSON text. */
export function reportJson(report: EvalReport & { dataset: string; rules: Record<string, string> }): string {
  return `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1)}\n`;
}
