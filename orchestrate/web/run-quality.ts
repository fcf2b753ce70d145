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

/** The summary in one `.quality.json` text, or null when it is not JSON. */
function parseQuality(file: string, text: string): RunQuality | null {
  let q: Record<string, unknown>;
  try {
    q = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  const n = (k: string): number | null => (typeof q[k] === 'number' ? (q[k] as number) : null);
  const checks = Array.isArray(q.checks) ? (q.checks as { check: string; severity: string; count: number; reason: string }[]).filter((c) => c.count > 0) : [];
  return { file, rowsIn: n('rows_in'), rowsOut: n('rows_out'), rowsQuarantined: n('rows_quarantined'), codes: n('codes'), errors: n('errors'), warnings: n('warnings'),
    checks: checks.map((c) => ({ check: String(c.check), severity: String(c.severity), count: Number(c.count), reason: String(c.reason) })) };
}

/** The quality summaries of a run's output files (one per partition), skipping files no longer there. */
export function runQuality(files: readonly OutputFile[]): RunQuality[] {
  const out: RunQuality[] = [];
  for (const f of files) {
    if (!f.path.endsWith('.quality.json') || f.path.startsWith('s3://') || !existsSync(f.path)) continue;
    const q = parseQuality(f.path, readFileSync(f.path, 'utf8'));
    if (q !== null) out.push(q);
  }
  return out;
}

/** As runQuality, with the files of distributed runs on S3 (s3://bucket/key, read with this machine's AWS_* settings) too. */
export async function runQualityAnywhere(files: readonly OutputFile[]): Promise<RunQuality[]> {
  const out = runQuality(files);
  const remote = files.filter((f) => f.path.endsWith('.quality.json') && f.path.startsWith('s3://'));
  if (remote.length === 0) return out;
  const { s3Client } = await import('../../store/s3-client.ts');
  for (const f of remote) {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(f.path);
    if (m === null) continue;
    const s3 = s3Client(m[1]!);
    try {
      const b = await s3.get(m[2]!);
      const q = b === undefined ? null : parseQuality(f.path, new TextDecoder().decode(b));
      if (q !== null) out.push(q);
    } catch { /* unreachable store: the page shows what it has */ } finally {
      s3.close();
    }
  }
  return out;
}
