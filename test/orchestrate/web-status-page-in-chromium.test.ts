import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessDays } from '../../engine/calendar/tse-calendar.ts';
import { formatDay } from '../../engine/dates.ts';
import { ASSETS } from '../../orchestrate/assets.ts';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon, type Daemon } from '../../orchestrate/daemon.ts';
import type { Executor } from '../../orchestrate/executor.ts';
import { latestAvailablePartition } from '../../orchestrate/freshness.ts';
import type { JobResult } from '../../orchestrate/jobs/job-spec.ts';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';

const CHROMIUM = '/usr/bin/chromium';
const SECRET = 'sk-test-NEVER-ON-THE-PAGE-4f9c1e';
// The README's screenshot is refreshed only on request (GQ_UPDATE_SCREENSHOTS=1 or `npm run screenshots`); every
// other run writes it to the temp folder, so tests never dirty the tree.
const SCREENSHOT = process.env.GQ_UPDATE_SCREENSHOTS === '1'
  ? fileURLToPath(new URL('../../docs/status-page.png', import.meta.url))
  : join(tmpdir(), 'gq-status-page.png');

// Days relative to the newest partition whose data is published now (d0); the plant is worked out by hand below.
const d0 = latestAvailablePartition(ASSETS.dataset.availableAfter, Date.now());
const day = (n: number): string => formatDay(addBusinessDays(d0, -n));

/** Jobs succeed at once, except a dataset run of d0, which runs until it is canceled. */
function holdingExecutor(): Executor {
  return {
    launch(spec, _env, log) {
      log('process 4242 (test executor)');
      if (spec.job === 'dataset' && spec.partitions.includes(day(0))) {
        let cancel = (): void => {};
        const done = new Promise<JobResult>((resolve) => { cancel = () => resolve({ status: 'canceled', error: 'canceled', materializations: [] }); });
        return { done, cancel };
      }
      const mats = spec.job === 'dataset' ? spec.partitions.map((p) => ({ asset: 'dataset', partition: p, rows: 7, status: 'materialized' as const, note: null })) : [];
      return { done: Promise.resolve({ status: 'success', rows: 7, qualityErrorRatio: 0, materializations: mats }), cancel() {} };
    },
    async close() {},
  };
}

/** Plants: d7 failed; d6..d1 built by dataset runs (d3 with a quality report), store_offline of d4 built before its dataset was re-built. */
function plant(dir: string, statePath: string): { qualityRun: number; failedRun: number } {
  const s = openState(statePath);
  const t0 = Date.now() - 3_600_000;
  const finish = (job: string, partitions: string[], status: 'success' | 'failed', at: number, extra: Record<string, unknown> = {}): number => {
    const r = s.runs.request({ job, partitions, trigger: 'schedule', triggerName: job === 'dataset' ? 'daily_pipeline' : 'feature_sync', tags: {} }, at)!;
    s.runs.claim(r.id, 'planted', at);
    s.runs.log(r.id, `started (planted ${job})`, at);
    s.runs.log(r.id, `partition ${partitions[0]}: 1234 rows written`, at + 1000);
    s.runs.finish(r.id, { status, rows: status === 'success' ? 1234 : undefined, apiRequests: 12, qualityErrorRatio: status === 'success' ? 0.0125 : undefined, error: status === 'failed' ? 'the stand-in said 500' : undefined, ...extra }, at + 2000);
    return r.id;
  };
  const failedRun = finish('dataset', [day(7)], 'failed', t0);
  let qualityRun = 0;
  for (let n = 6; n >= 1; n--) {
    const at = t0 + (7 - n) * 60_000;
    let files: { kind: string; path: string; bytes: number; sha256: string }[] = [];
    if (n === 3) {
      const q = join(dir, 'dataset.quality.json');
      writeFileSync(q, JSON.stringify({ rows_in: 1250, rows_out: 1234, rows_quarantined: 16, codes: 200, errors: 16, warnings: 3, checks: [{ check: 'ohlc_order', severity: 'error', count: 16, reason: 'High below Low' }, { check: 'zero_volume', severity: 'warning', count: 0, reason: 'no trade' }] }));
      files = [{ kind: 'quality', path: q, bytes: 100, sha256: 'ab'.repeat(32) }];
    }
    const id = finish('dataset', [day(n)], 'success', at, { files });
    if (n === 3) qualityRun = id;
    for (const a of ['dataset', 'bars', 'topix', 'calendar']) s.materializations.record({ asset: a, partition: day(n), runId: id, at: at + 2000, rows: 1234, status: 'materialized', note: null });
  }
  // store_offline of d4 built at t0 - 1 min: before dataset d4 (t0 + 3 min + 2 s) -> stale; of d5 built after its dataset -> fresh.
  const so4 = finish('feature_sync', [day(4)], 'success', t0 - 60_000);
  s.materializations.record({ asset: 'store_offline', partition: day(4), runId: so4, at: t0 - 58_000, rows: 1234, status: 'materialized', note: null });
  const so5 = finish('feature_sync', [day(5)], 'success', t0 + 30 * 60_000);
  s.materializations.record({ asset: 'store_offline', partition: day(5), runId: so5, at: t0 + 30 * 60_000 + 2000, rows: 1234, status: 'materialized', note: null });
  s.close();
  return { qualityRun, failedRun };
}

describe.skipIf(!existsSync(CHROMIUM))('the status page in headless Chromium (skipped only when /usr/bin/chromium is absent)', () => {
  let d: Daemon;
  let browser: Browser;
  let page: Page;
  let planted: { qualityRun: number; failedRun: number };
  let runningId: number;
  const outside: string[] = [];
  const errors: string[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    const dir = tmpFolder('web');
    const statePath = join(dir, 'state.db');
    planted = plant(dir, statePath);
    const config = buildDaemonConfig({ state: statePath, output: join(dir, 'out'), sensors: { data_arrival: { enabled: false } } }, null, dir);
    d = await startDaemon({ config, cwd: dir, port: 0, executor: holdingExecutor(), log: () => {}, env: { JQUANTS_API_KEY: SECRET, JQUANTS_API_BASE_URL: 'http://127.0.0.1:9/v2' } });
    const r = await fetch(`${d.http!.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ job: 'dataset', partitions: [day(0)] }) });
    runningId = ((await r.json()) as { id: number }).id;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    page.on('response', async (res) => { if (!res.url().endsWith('/web/events')) bodies.push(await res.text().catch(() => '')); });
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(d.http!.url)) return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${d.http!.url}/`);
    await page.locator(`#runs tr[data-run="${runningId}"][data-status="running"]`).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await d?.stop(0);
  });

  it('colours each asset partition by status: failed, fresh, stale, running and missing', async () => {
    const status = (asset: string, p: string) => page.locator(`#grid tr[data-asset="${asset}"] td[data-partition="${p}"]`).getAttribute('data-status');
    expect(await status('dataset', day(7))).toBe('failed');
    for (const n of [6, 5, 4, 3, 2, 1]) expect(await status('dataset', day(n))).toBe('fresh');
    expect(await status('bars', day(2))).toBe('fresh');
    expect(await status('dataset', day(0))).toBe('running');
    expect(await status('dataset', day(8))).toBe('missing');
    expect(await status('store_offline', day(4))).toBe('stale');
    expect(await status('store_offline', day(5))).toBe('fresh');
    expect(await status('store_offline', day(3))).toBe('missing');
    expect(await page.locator('#grid tr[data-asset="dataset"] td.cell').count()).toBe(20);
  });

  it('shows the run, rows and quality error ratio of a partition on hover and on click', async () => {
    const cell = page.locator(`#grid tr[data-asset="dataset"] td[data-partition="${day(3)}"]`);
    expect(await cell.getAttribute('title')).toBe(`dataset ${day(3)}: fresh · run #${planted.qualityRun} · 1,234 rows · quarantined 1.25%`);
    await cell.click();
    const detail = await page.locator('#cell-detail').innerText();
    expect(detail).toContain(`#${planted.qualityRun}`);
    expect(detail).toContain('1,234');
    expect(detail).toContain('1.25%');
    await page.mouse.move(0, 0);
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    const tmp = `${SCREENSHOT}.tmp-${process.pid}.png`;
    await page.screenshot({ path: tmp, fullPage: true });
    renameSync(tmp, SCREENSHOT);
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it('lists runs with trigger, duration, rows, requests and status, and schedules with the next tick in JST', async () => {
    const row = page.locator(`#runs tr[data-run="${planted.qualityRun}"]`);
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(1, 4)).toEqual(['dataset', day(3), 'schedule daily_pipeline']);
    expect(cells.slice(7, 12)).toEqual(['2.0 s', '1,234', '12', '1.25%', 'success']);
    expect(await page.locator(`#runs tr[data-run="${planted.failedRun}"] td`).nth(11).innerText()).toBe('failed');
    const api = (await (await fetch(`${d.http!.url}/api/schedules`)).json()) as { schedules: { name: string; nextTickJst: string; nextTickIsBusinessDay: boolean }[] };
    const daily = api.schedules.find((s) => s.name === 'daily_pipeline')!;
    expect(daily.nextTickJst).toMatch(/ 19:00 JST$/);
    const shown = await page.locator('#schedules tr[data-schedule="daily_pipeline"] td').allInnerTexts();
    expect(shown[3]).toBe(daily.nextTickJst);
    expect(shown[4]).toBe('yes');
    expect(await page.locator('#schedules').innerText()).toMatch(/tomorrow \d{4}-\d{2}-\d{2} is (not )?a TSE business day/);
    expect(await page.locator('#sensors tr[data-sensor="quality_alert"]').count()).toBe(1);
  });

  it("opens a run's page with its log and quality summary", async () => {
    await page.locator(`#runs tr[data-run="${planted.qualityRun}"] a`).first().click();
    await page.locator('#run-log').waitFor();
    expect(await page.locator('#run-page h2').first().innerText()).toContain(`Run #${planted.qualityRun}`);
    const log = await page.locator('#run-log').innerText();
    expect(log).toContain('started (planted dataset)');
    expect(log).toContain(`partition ${day(3)}: 1234 rows written`);
    const quality = await page.locator('#run-page .quality').innerText();
    expect(quality).toContain('1,250 / 1,234 / 16');
    expect(quality).toContain('ohlc_order');
    expect(quality).not.toContain('zero_volume'); // a check without findings is not listed
  });

  it('re-runs from the run page: the new run appears without a reload', async () => {
    const marker = await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; return performance.getEntriesByType('navigation').length; });
    await page.locator('#run-page button[data-action="rerun"]').click();
    await page.locator('#flash a').waitFor();
    const newId = Number((await page.locator('#flash a').innerText()).slice(1));
    expect(newId).toBeGreaterThan(runningId);
    await page.locator('#flash a').click();
    await page.locator(`#run-page h2:has-text("Run #${newId}")`).waitFor();
    await page.locator('a[href="#/"]').first().click();
    await page.locator(`#runs tr[data-run="${newId}"] td:has-text("rerun of ${planted.qualityRun}")`).waitFor();
    expect(marker).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42); // the same document: no reload
  });

  it('refreshes by itself when a run is requested elsewhere, and cancels a running run', async () => {
    const r = await fetch(`${d.http!.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ job: 'noop' }) });
    const id = ((await r.json()) as { id: number }).id;
    await page.locator(`#runs tr[data-run="${id}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('#live').getAttribute('class')).toContain('on');
    await page.locator(`#runs tr[data-run="${runningId}"] button[data-action="cancel"]`).click();
    await page.locator(`#runs tr[data-run="${runningId}"][data-status="canceled"]`).waitFor({ timeout: 15_000 });
    expect(d.state.runs.get(runningId)!.status).toBe('canceled');
  });

  it('loads nothing from outside the daemon, has no page error and never shows the J-Quants key', async () => {
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.content()).not.toContain(SECRET);
    expect(bodies.length).toBeGreaterThan(10);
    for (const b of bodies) expect(b).not.toContain(SECRET);
  });
});
