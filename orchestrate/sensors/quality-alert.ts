/**
 * The quality_alert sensor: looks at each finished dataset run (its cursor is the last run id it saw) and, when the
 * quarantined share of a day's rows is above the threshold (5% by default), requests one re-fetch run of the affected
 * days tagged priority=high, and raises an alert: a log line, a metric and, when configured, a webhook POST. The run
 * key `quality_alert:<run id>` makes it one request per run, across restarts. A re-fetch run that is still bad raises
 * a `quality_persisting` alert but requests nothing more (no loop).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { quarantinedByDay } from '../jobs/quarantine-days.ts';
import type { RunRecord } from '../state/runs.ts';
import type { State } from '../state/state.ts';
import type { Sensor, SensorTick } from './sensor.ts';

export const QUALITY_ALERT = 'quality_alert';

export type QualityAlertOptions = {
  state: State;
  threshold: number;
  webhook: string | null;
  intervalMs: number;
  log(line: string): void;
  onAlert(kind: string): void;
};

/** Days of a dataset run whose quarantined share is above the threshold, with the shares. */
export function affectedDays(run: RunRecord, threshold: number): { day: string; ratio: number }[] {
  const out: { day: string; ratio: number }[] = [];
  for (const f of run.files.filter((x) => x.kind === 'quarantine')) {
    const report = join(dirname(f.path), 'dataset.quality.json');
    const codes = existsSync(report) ? Number((JSON.parse(readFileSync(report, 'utf8')) as { codes?: number }).codes ?? 0) : 0;
    if (!(codes > 0)) continue;
    for (const [day, n] of quarantinedByDay(f.path)) if (n / codes > threshold) out.push({ day, ratio: n / codes });
  }
  if (out.length === 0 && (run.qualityErrorRatio ?? 0) > threshold) for (const day of run.partitions) out.push({ day, ratio: run.qualityErrorRatio! });
  return out.sort((a, b) => a.day.localeCompare(b.day));
}

/** The sensor. */
export function qualityAlertSensor(o: QualityAlertOptions): Sensor {
  const key = `sensor/${QUALITY_ALERT}`;
  const post = (body: object): void => {
    if (o.webhook === null) return;
    fetch(o.webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
      .catch((e: unknown) => o.log(`sensor ${QUALITY_ALERT}: webhook ${o.webhook} failed: ${(e as Error).message}`));
  };
  return {
    name: QUALITY_ALERT,
    async tick(now): Promise<SensorTick> {
      const cur = o.state.kv.get<{ lastRunId: number; lastRequest: number | null }>(key) ?? { lastRunId: 0, lastRequest: null };
      const requested: number[] = [];
      for (const run of o.state.runs.finishedAfter(cur.lastRunId)) {
        cur.lastRunId = run.id;
        if (run.job !== 'dataset' || run.status !== 'success') continue;
        const days = affectedDays(run, o.threshold);
        if (days.length === 0) continue;
        const worst = Math.max(...days.map((d) => d.ratio));
        const what = `run ${run.id}: quarantined share above ${(o.threshold * 100).toFixed(1)}% on ${days.map((d) => `${d.day} (${(d.ratio * 100).toFixed(1)}%)`).join(', ')}`;
        let message: string;
        let kind = 'quality';
        if (run.tags.refetch === 'true') {
          kind = 'quality_persisting';
          message = `${what}, still after a re-fetch: look at the data (quarantine file of run ${run.id})`;
        } else {
          const req = o.state.runs.request({
            job: 'dataset', partitions: days.map((d) => d.day), trigger: 'sensor', triggerName: QUALITY_ALERT,
            tags: { priority: 'high', refetch: 'true', source_run: String(run.id) }, runKey: `quality_alert:${run.id}`,
          }, now);
          if (req === null) continue; // already requested before a restart: neither a second run nor a second alert
          requested.push(req.id);
          cur.lastRequest = req.id;
          message = `${what}: re-fetch run ${req.id} requested (priority=high)`;
        }
        o.log(`ALERT quality: ${message}`);
        o.state.addAlert({ at: now, kind, runId: run.id, message });
        o.onAlert(kind);
        post({ alert: kind, run: run.id, threshold: o.threshold, worst, days, message });
      }
      o.state.kv.set(key, { ...cur, lastPoll: now }, now);
      return { at: now, cursor: cur, requested, note: requested.length > 0 ? `${requested.length} re-fetch run(s) requested` : 'no run above the threshold' };
    },
    nextWake(now) {
      return now + o.intervalMs;
    },
  };
}
