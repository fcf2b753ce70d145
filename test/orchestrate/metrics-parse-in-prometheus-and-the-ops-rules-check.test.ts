import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import { realClock } from '../../orchestrate/clock.ts';
import { fakeExecutor } from './helpers/fake-executor.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

const OPS = join(import.meta.dirname, '../../ops');
const PROMTOOL = '/usr/bin/promtool';
const PROMETHEUS = '/usr/bin/prometheus';
const DEFAULT_METRIC = /^gq_(process|nodejs)_/;

/** A free loopback port. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('metrics and the ops files', () => {
  const dir = tmpFolder('metrics');
  let d: Daemon;
  let text = '';
  beforeAll(async () => {
    const fake = fakeExecutor(realClock);
    d = await startDaemon({ config: buildDaemonConfig({ state: join(dir, 'state.db'), output: join(dir, 'out') }, null, dir), cwd: dir, port: 0, env: {}, executor: fake.executor, log: () => {} });
    await fetch(`${d.http!.url}/api/runs`, { method: 'POST', body: JSON.stringify({ job: 'dataset', partitions: ['2026-11-19'] }) });
    await until(() => d.state.runs.get(1)?.status === 'success', 'the run', 20_000);
    text = await (await fetch(`${d.http!.url}/metrics`)).text();
  });
  afterAll(async () => d?.stop(0));

  it('exposes every metric of the issue with the run that finished counted', () => {
    for (const name of ['gq_run_duration_seconds_bucket', 'gq_runs_total', 'gq_rows_written_total', 'gq_api_requests_total', 'gq_run_retries_total', 'gq_quality_error_ratio',
      'gq_asset_freshness_lag_seconds', 'gq_asset_stale', 'gq_schedule_next_tick_timestamp_seconds', 'gq_daemon_up', 'gq_process_resident_memory_bytes']) {
      expect(text, name).toContain(`# TYPE ${name.replace(/_bucket$/, '')} `);
    }
    expect(text).toMatch(/^gq_runs_total\{run_job="dataset",status="success"\} 1$/m);
    expect(text).toMatch(/^gq_rows_written_total\{asset="dataset"\} 1$/m);
    expect(text).toMatch(/^gq_daemon_up 1$/m);
    expect(text).toMatch(/^gq_schedule_next_tick_timestamp_seconds\{schedule="daily_pipeline"\} \d+$/m);
  });

  it('has a Grafana panel for every metric gq defines', () => {
    const dash = JSON.parse(readFileSync(join(OPS, 'grafana-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    const names = [...text.matchAll(/^# TYPE (gq_\S+)/gm)].map((m) => m[1]!).filter((n) => !DEFAULT_METRIC.test(n));
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) expect(exprs, n).toContain(n);
  });

  it.skipIf(!existsSync(PROMTOOL))('passes promtool: the alert rules, the scrape config, and /metrics in the text format', () => {
    expect(execFileSync(PROMTOOL, ['check', 'rules', join(OPS, 'gq-alerts.yml')], { encoding: 'utf8' })).toContain('SUCCESS: 5 rules found');
    expect(spawnSync(PROMTOOL, ['check', 'config', join(OPS, 'prometheus.yml')]).status).toBe(0);
    const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    // Exit 3 is lint only; the only lint findings allowed are prom-client's own default gauges named *_total.
    const findings = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
    expect(r.status === 0 || r.status === 3).toBe(true);
    for (const f of findings) expect(f).toMatch(/^gq_nodejs_active_\w+_total non-counter metrics should not have "_total" suffix$/);
  });

  it.skipIf(!existsSync(PROMETHEUS))('is scraped by a real Prometheus on loopback, which loads the alert rules', async () => {
    const port = await freePort();
    const target = d.http!.url.replace('http://', '');
    const config = readFileSync(join(OPS, 'prometheus.yml'), 'utf8').replace("'127.0.0.1:9464'", `'${target}'`).replace('scrape_interval: 15s', 'scrape_interval: 1s').replace('- gq-alerts.yml', `- ${join(OPS, 'gq-alerts.yml')}`);
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const prom = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    try {
      const query = async (q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`).catch(() => undefined);
        if (r === undefined || !r.ok) return [];
        return ((await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
      };
      let up: { value: [number, string] }[] = [];
      const t0 = Date.now();
      while (Date.now() - t0 < 60_000) {
        up = await query('gq_daemon_up');
        if (up.length > 0) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(up.map((u) => u.value[1])).toEqual(['1']);
      expect((await query('gq_runs_total{run_job="dataset",status="success"}')).map((u) => u.value[1])).toEqual(['1']);
      const rules = (await (await fetch(`http://127.0.0.1:${port}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } };
      expect(rules.data.groups.flatMap((g) => g.rules.map((x) => x.name)).sort()).toEqual(['GqApiPaused', 'GqAssetStale', 'GqDaemonDown', 'GqQualityErrorRatioHigh', 'GqRunsFailed']);
    } finally {
      prom.kill('SIGTERM');
    }
  });
});
