import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay } from '../../engine/dates.ts';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { rowsOnDay } from '../../io/sample/records.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

const DAY = '2026-11-18';

describe('the quality_alert sensor on a real run against the stand-in', () => {
  let standin: Standin;
  const webhook: unknown[] = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => { webhook.push(JSON.parse(body)); res.end('ok'); });
  });
  const dir = tmpFolder('quality');
  let planted = 0;
  let codesOnDay = 0;
  beforeAll(async () => {
    const m = generateMarket({ codes: 20, days: 100, end: '2026-11-20' });
    // Plant bad rows: on DAY, 3 of the 20 codes (15%) get a high below the low, an error the checks quarantine.
    const rows = rowsOnDay(m, parseDay(DAY));
    codesOnDay = rows.length;
    for (const i of rows.slice(0, 3)) {
      if (!(m.bars.low[i]! > 0)) continue;
      m.bars.high[i] = m.bars.low[i]! * 0.5;
      planted++;
    }
    standin = await startStandin({ market: m, rateLimit: false });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    await standin.close();
    hook.close();
  });

  const start = (): Promise<Daemon> => startDaemon({
    config: buildDaemonConfig({
      state: join(dir, 'state.db'), output: join(dir, 'out'), api: { plan: 'premium' }, retries: { count: 0 }, pipeline: { workers: 1, format: 'parquet', cacheDir: join(dir, 'cache'), historyFrom: '2026-07-01' },
      sensors: { data_arrival: { enabled: false }, quality_alert: { threshold: 0.05, webhook: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alert` } },
      schedules: [{ name: 'daily_pipeline', enabled: false }, { name: 'feature_sync', enabled: false }, { name: 'weekly_ml_training', enabled: false }],
    }, null, dir),
    cwd: dir, port: 0, log: (l) => appendFileSync(join(dir, 'daemon.log'), `${new Date().toISOString()} ${l}\n`), env: { JQUANTS_API_KEY: 'test-key', JQUANTS_API_BASE_URL: standin.url },
  });

  it('quarantines the planted rows, requests one re-fetch run tagged priority=high, raises one alert, and nothing more after a restart', async () => {
    expect(planted).toBe(3);
    let d = await start();
    const first = await (await fetch(`${d.http!.url}/api/runs`, { method: 'POST', body: JSON.stringify({ job: 'dataset', partitions: [DAY] }) })).json() as { id: number };
    const finished = (id: number) => ['success', 'failed'].includes(d.state.runs.get(id)?.status ?? '');
    await until(() => finished(first.id), 'the first run', 120_000);
    const run = d.state.runs.get(first.id)!;
    expect(run.status).toBe('success');
    expect(run.apiRequests).toBeGreaterThan(0);
    // By hand: 3 quarantined of the day's rows (a quarantined row is still written, as a no-trade row).
    expect(run.qualityErrorRatio).toBeCloseTo(3 / codesOnDay, 12);
    await until(() => d.state.runs.list({ limit: 100 }).some((r) => r.tags.refetch === 'true'), 'the re-fetch request', 30_000);
    const refetch = d.state.runs.list({ limit: 100 }).filter((r) => r.tags.refetch === 'true');
    expect(refetch).toHaveLength(1);
    expect(refetch[0]!.tags.priority).toBe('high');
    expect(refetch[0]!.partitions).toEqual([DAY]);
    expect(refetch[0]!.trigger).toBe('sensor');
    await until(() => finished(refetch[0]!.id), 'the re-fetch run', 120_000);
    await until(() => webhook.length >= 1, 'the webhook', 10_000);
    const metrics = await (await fetch(`${d.http!.url}/metrics`)).text();
    expect(metrics).toMatch(/^gq_alerts_total\{kind="quality"\} 1$/m);
    expect(d.state.alerts().filter((a) => a.kind === 'quality')).toHaveLength(1);
    // The stand-in still serves the bad rows: the re-fetch run is bad too; that is a different alert and no new run.
    const runsBefore = d.state.runs.list({ limit: 100 }).length;
    await d.stop(0);

    d = await start();
    await new Promise((r) => setTimeout(r, 1500));
    expect(d.state.runs.list({ limit: 100 })).toHaveLength(runsBefore);
    expect(d.state.alerts().filter((a) => a.kind === 'quality')).toHaveLength(1);
    expect(webhook.filter((w) => (w as { alert: string }).alert === 'quality')).toHaveLength(1);
    await d.stop(0);
  }, 240_000);
});
