/** Run records and assets as terminal tables. */
import type { AssetStatus } from '../assets-status.ts';
import { formatJst } from '../jst.ts';
import type { RunRecord } from '../state/runs.ts';

const dur = (r: RunRecord): string => r.startedAt === null ? '-' : `${(((r.endedAt ?? Date.now()) - r.startedAt) / 1000).toFixed(1)}s`;
const parts = (p: string[]): string => p.length === 0 ? '-' : p.length <= 2 ? p.join(',') : `${p[0]}..${p.at(-1)} (${p.length})`;

/** One line per run, newest first, with a header. */
export function runsTable(runs: readonly RunRecord[]): string {
  const rows = runs.map((r) => [
    String(r.id), r.job, parts(r.partitions), r.trigger + (r.triggerName ? `:${r.triggerName}` : ''), r.status, r.tags.priority === 'high' ? 'high' : '',
    r.startedAt === null ? formatJst(r.createdAt).slice(0, 16) : formatJst(r.startedAt).slice(0, 16), dur(r), r.rows === null ? '-' : String(r.rows),
    r.apiRequests === null ? '-' : String(r.apiRequests), r.qualityErrorRatio === null ? '-' : `${(r.qualityErrorRatio * 100).toFixed(2)}%`, r.error ?? r.note ?? '',
  ]);
  return table(['id', 'job', 'partitions', 'trigger', 'status', 'prio', 'started (JST)', 'time', 'rows', 'requests', 'quarantined', 'error / note'], rows);
}

/** A run's full record and its log. */
export function runDetail(r: RunRecord, log: readonly { at: number; line: string }[]): string {
  const lines = [
    `run ${r.id}: ${r.job} [${r.partitions.join(', ')}] ${r.status}`,
    `  trigger     ${r.trigger}${r.triggerName ? ` (${r.triggerName})` : ''}${r.parentId === null ? '' : `, repeats run ${r.parentId}`}, attempt ${r.attempt}`,
    `  tags        ${Object.entries(r.tags).map(([k, v]) => `${k}=${v}`).join(' ') || '-'}`,
    `  created     ${formatJst(r.createdAt)}`,
    `  started     ${r.startedAt === null ? '-' : formatJst(r.startedAt)}   ended ${r.endedAt === null ? '-' : formatJst(r.endedAt)}   (${dur(r)})`,
    `  rows        ${r.rows ?? '-'}   API requests ${r.apiRequests ?? '-'} (non-200 ${r.apiRetries ?? '-'})   quarantined ${r.qualityErrorRatio === null ? '-' : `${(r.qualityErrorRatio * 100).toFixed(2)}%`}`,
  ];
  if (r.error !== null) lines.push(`  error       ${r.error}`);
  if (r.note !== null) lines.push(`  note        ${r.note}`);
  for (const f of r.files) lines.push(`  file        ${f.path} (${f.bytes} bytes, sha256 ${f.sha256.slice(0, 16)}...)`);
  lines.push('log:');
  for (const l of log) lines.push(`  ${formatJst(l.at).slice(11, 16)} ${l.line}`);
  return lines.join('\n');
}

/** One line per asset. */
export function assetsTable(assets: readonly AssetStatus[]): string {
  return table(['asset', 'kind', 'available after', 'last partition', 'expected', 'behind (bdays)', 'lag', 'fresh', 'note'], assets.map((a) => [
    a.asset, a.kind, a.availableAfter, a.lastPartition ?? '-', a.expected, Number.isFinite(a.missing) ? String(a.missing) : '-',
    a.lastPartition === null ? '-' : a.lagSeconds > 0 ? `${(a.lagSeconds / 3600).toFixed(1)}h` : '0', a.stale ? 'STALE' : 'fresh', a.note ?? (a.lastPartition === null ? 'never built' : ''),
  ]));
}

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
