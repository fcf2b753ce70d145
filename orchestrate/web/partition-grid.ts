/**
 * The partition grid of the status page (Dagster's partition view): for each asset and each of the last N TSE business
 * days, one status. `running` when a run of the asset's job on that day is queued or running; `failed` when the
 * newest finished run of it failed after the last materialization; `stale` when a dependency was materialized again
 * after it; `fresh` when materialized and none of that; `missing` otherwise (a skipped feature-store partition too,
 * with its note).
 */
import { businessDays, addBusinessDays } from '../../engine/calendar/tse-calendar.ts';
import { formatDay, parseDay } from '../../engine/dates.ts';
import { ASSET_NAMES, ASSETS, DATASET_SOURCES, type AssetName } from '../assets.ts';
import { latestAvailablePartition } from '../freshness.ts';
import type { Materialization } from '../state/materializations.ts';
import type { RunStatus } from '../state/runs.ts';
import type { State } from '../state/state.ts';

export type CellStatus = 'fresh' | 'stale' | 'failed' | 'missing' | 'running';

export type GridCell = {
  partition: string;
  status: CellStatus;
  /** The run that made this status (the materializing, failed or running one). */
  runId: number | null;
  runStatus: RunStatus | null;
  rows: number | null;
  qualityErrorRatio: number | null;
  at: number | null;
  note: string | null;
};

export type PartitionGrid = { from: string; to: string; partitions: string[]; assets: { asset: string; kind: string; deps: readonly string[]; cells: GridCell[] }[] };

/** How far back (in run ids) the grid looks for runs touching its days. */
const RECENT_RUNS = 5000;

type RunRow = { id: number; job: string; partitions: string; status: RunStatus; rows: number | null; quality_error_ratio: number | null; ended_at: number | null; started_at: number | null; created_at: number };

/** The grid of the `days` TSE business days ending at `to` (default: the newest partition whose data is published). */
export function partitionGrid(state: State, now: number, days = 20, to?: string): PartitionGrid {
  const last = to === undefined || Number.isNaN(parseDay(to)) ? latestAvailablePartition(ASSETS.dataset.availableAfter, now) : parseDay(to);
  const first = addBusinessDays(last, -(Math.max(1, Math.min(days, 250)) - 1));
  const partitions = Array.from(businessDays(first, last), formatDay);
  const from = partitions[0] ?? formatDay(first);
  const toIso = partitions.at(-1) ?? formatDay(last);

  // The newest run of each (job, partition) in range, among recent runs.
  const rows = state.db.prepare(`SELECT id, job, partitions, status, rows, quality_error_ratio, ended_at, started_at, created_at FROM runs
    WHERE id > (SELECT COALESCE(MAX(id), 0) FROM runs) - ? ORDER BY id`).all(RECENT_RUNS) as RunRow[];
  const newest = new Map<string, RunRow>();
  const newestFinished = new Map<string, RunRow>();
  for (const r of rows) {
    for (const p of JSON.parse(r.partitions) as string[]) {
      if (p < from || p > toIso) continue;
      newest.set(`${r.job}|${p}`, r);
      if (r.status !== 'queued' && r.status !== 'running') newestFinished.set(`${r.job}|${p}`, r);
    }
  }
  const runById = new Map(rows.map((r) => [Number(r.id), r]));

  const shown = ASSET_NAMES.filter((a) => ASSETS[a].kind === 'derived' || DATASET_SOURCES.includes(a) || state.materializations.latest(a) !== undefined);
  const mats = new Map<AssetName, Map<string, Materialization>>();
  for (const a of shown) mats.set(a, new Map(state.materializations.inRange(a, from, toIso).map((m) => [m.partition, m])));

  const assets = shown.map((a) => {
    const asset = ASSETS[a];
    const cells = partitions.map((p): GridCell => {
      const m = mats.get(a)!.get(p);
      const active = newest.get(`${asset.job}|${p}`);
      const fin = newestFinished.get(`${asset.job}|${p}`);
      const cell = (status: CellStatus, r: RunRow | undefined, note: string | null = null): GridCell => ({
        partition: p, status, runId: r === undefined ? (m?.runId ?? null) : Number(r.id), runStatus: r?.status ?? null,
        rows: status === 'fresh' || status === 'stale' ? (m?.rows ?? r?.rows ?? null) : (r?.rows ?? null),
        qualityErrorRatio: r?.quality_error_ratio ?? null, at: status === 'fresh' || status === 'stale' ? (m?.at ?? null) : (r?.ended_at ?? r?.started_at ?? r?.created_at ?? null), note,
      });
      if (active !== undefined && (active.status === 'queued' || active.status === 'running')) return cell('running', active, active.status === 'queued' ? 'queued' : null);
      const materialized = m !== undefined && m.status === 'materialized';
      if (fin !== undefined && fin.status === 'failed' && (!materialized || Number(fin.id) > (m.runId ?? 0))) return cell('failed', fin);
      if (!materialized) return cell('missing', undefined, m?.note ?? null);
      const matRun = m.runId === null ? undefined : runById.get(m.runId);
      const newerDep = asset.deps.find((d) => {
        const dm = mats.get(d as AssetName)?.get(p) ?? state.materializations.inRange(d, p, p)[0];
        return dm !== undefined && dm.status === 'materialized' && dm.at > m.at;
      });
      return cell(newerDep === undefined ? 'fresh' : 'stale', matRun, newerDep === undefined ? null : `${newerDep} was materialized again after it`);
    });
    return { asset: a, kind: asset.kind, deps: asset.deps, cells };
  });
  return { from, to: toIso, partitions, assets };
}
