/** A run's quality summary for its page: the counts and the checks with findings from the `.quality.json` it wrote. */
import { existsSync, readFileSync } from 'node:fs';
import type { OutputFile } from '../state/runs.ts';

export type RunQuality = {
  file: string;
  rowsIn: number | null;
  rowsOut: number | null;
  rowsQuarantined: number | null;
  codes: number | null;
  errors: number | null;
  warnings: number | null;
  checks: { check: string; severity: string; count: number; reason: string }[];
};

/** The quality summaries of a run's output files (one per partition), skipping files no longer there. */
export function runQuality(files: readonly OutputFile[]): RunQuality[] {
  const out: RunQuality[] = [];
  for (const f of files) {
    if (!f.path.endsWith('.quality.json') || !existsSync(f.path)) continue;
    let q: Record<string, unknown>;
    try {
      q = JSON.parse(readFileSync(f.path, 'utf8')) as Record<string, unknown>;
    } catch {
      continue;
    }
    const n = (k: string): number | null => (typeof q[k] === 'number' ? (q[k] as number) : null);
    const checks = Array.isArray(q.checks) ? (q.checks as { check: string; severity: string; count: number; reason: string }[]).filter((c) => c.count > 0) : [];
    out.push({ file: f.path, rowsIn: n('rows_in'), rowsOut: n('rows_out'), rowsQuarantined: n('rows_quarantined'), codes: n('codes'), errors: n('errors'), warnings: n('warnings'),
      checks: checks.map((c) => ({ check: String(c.check), severity: String(c.severity), count: Number(c.count), reason: String(c.reason) })) });
  }
  return out;
}
