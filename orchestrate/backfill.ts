/**
 * Backfills: a range of days split into one run per TSE business day (the asset's partitions), queued with the run
 * key `backfill:<id>:<day>`. Asking again for the same asset and range resumes the same backfill: partitions already
 * done or queued are not requested again, interrupted ones are re-run by the dispatcher, and those whose last run
 * failed (retries spent) or was canceled are requested once more (key `backfill:<id>:<day>:after-<run>`). The runs go through the same
 * queue, executor and API budget as everything else.
 */
import { businessDays } from '../engine/calendar/tse-calendar.ts';
import { formatDay, parseDay } from '../engine/dates.ts';
import { GqError } from '../pipeline/errors.ts';
import { ASSETS, ASSET_NAMES, isAsset } from './assets.ts';
import { backfillKey } from './run-keys.ts';
import type { RunRecord, RunStatus } from './state/runs.ts';
import type { Backfill, State } from './state/state.ts';

export type BackfillPlan = { backfill: Backfill; resumed: boolean; requested: RunRecord[]; partitions: string[] };

/** Creates (or resumes) the backfill of `asset` over [from, to]. */
export function requestBackfill(state: State, asset: string, from: string, to: string, now: number): BackfillPlan {
  if (!isAsset(asset)) throw new GqError('BAD_OPTION', `--asset ${asset} is not an asset (${ASSET_NAMES.join(', ')})`);
  const day = (s: string): number => /^\d{4}-\d{2}-\d{2}$/.test(s) ? parseDay(s) : Number.NaN;
  const f = day(from);
  const t = day(to);
  if (Number.isNaN(f)) throw new GqError('BAD_DATE', `--from "${from}" is not a date; expected YYYY-MM-DD, e.g. --from 2026-10-01`);
  if (Number.isNaN(t)) throw new GqError('BAD_DATE', `--to "${to}" is not a date; expected YYYY-MM-DD, e.g. --to 2026-10-31`);
  if (f > t) throw new GqError('BAD_RANGE', `--from ${from} is after --to ${to}; swap them`);
  const partitions = Array.from(businessDays(f, t), formatDay);
  if (partitions.length === 0) throw new GqError('BAD_RANGE', `${from}..${to} holds no TSE business day`);
  const job = ASSETS[asset].job;
  const existing = state.backfills().find((b) => b.asset === asset && b.from === from && b.to === to);
  const backfill = existing ?? state.addBackfill({ asset, from, to, partitions: partitions.length, createdAt: now });
  // Resuming asks again for a partition whose last run failed for good or was canceled (a fresh key per such run).
  const last = new Map(existing === undefined ? [] : backfillProgress(state, backfill).map((p) => [p.partition, p]));
  const keyOf = (d: string): string => {
    const p = last.get(d);
    return p !== undefined && (p.status === 'failed' || p.status === 'canceled') ? `${backfillKey(backfill.id, d)}:after-${p.runId}` : backfillKey(backfill.id, d);
  };
  const requested = state.runs.requestMany(partitions.map((d) => ({
    job, partitions: [d], trigger: 'backfill' as const, triggerName: `backfill ${backfill.id}`, tags: { backfill: String(backfill.id) }, runKey: keyOf(d),
  })), now);
  return { backfill, resumed: existing !== undefined, requested, partitions };
}

/** Partition states of a backfill: the status of the newest run of each partition. */
export function backfillProgress(state: State, b: Backfill): { partition: string; status: RunStatus | 'missing'; runId: number | null }[] {
  const rows = state.db.prepare(`SELECT id, partitions, status FROM runs WHERE json_extract(tags, '$.backfill') = ? ORDER BY id`).all(String(b.id)) as { id: number; partitions: string; status: RunStatus }[];
  const last = new Map<string, { status: RunStatus; runId: number }>();
  for (const r of rows) for (const p of JSON.parse(r.partitions) as string[]) last.set(p, { status: r.status, runId: Number(r.id) });
  return Array.from(businessDays(parseDay(b.from), parseDay(b.to)), formatDay).map((p) => ({ partition: p, status: last.get(p)?.status ?? 'missing', runId: last.get(p)?.runId ?? null }));
}
