import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateTable } from '../../eval/evaluate.ts';
import { loadEvalTable } from '../../eval/load-table.ts';
import { writeEvalReport } from '../../eval/run-eval.ts';
import { hasChromium, openReport, type OpenedReport } from './browser.ts';
import { expected, goldenParquet } from './golden-case.ts';

const want = expected();
let opened: OpenedReport | undefined;

describe.skipIf(!hasChromium())('eval.html in headless Chromium (skipped only when /usr/bin/chromium is absent)', () => {
  beforeAll(async () => {
    const path = await goldenParquet();
    const table = await loadEvalTable(path, [...want.features, ...want.targets], 1);
    const report = await evaluateTable(table, { features: want.features, target: want.target, workers: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'gq-eval-html-'));
    const files = await writeEvalReport(report, dir, 'golden case', true, 2);
    opened = await openReport(files.html!);
  });
  afterAll(async () => { await opened?.browser.close(); });

  it('loads without a page error, a console error or any request leaving the file', async () => {
    expect(opened!.errors).toEqual([]);
    expect(opened!.external).toEqual([]);
    expect(await opened!.page.title()).toContain('gq eval');
  });

  it('draws every chart as inline SVG with marks in it: overview, correlations, and three per feature', async () => {
    const page = opened!.page;
    expect(await page.locator('figure svg').count()).toBe(2 + 3 * want.features.length);
    for (const f of want.features) {
      const section = page.locator(`section#f-${f}`);
      expect(await section.locator('svg').count()).toBe(3);
      expect(await section.locator('svg path').count()).toBeGreaterThan(3);
      const box = await section.locator('svg').first().boundingBox();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(50);
    }
    // the heat map has one rect per pair of features
    expect(await page.locator('#corr svg path[aria-roledescription="rect mark"], #corr svg .mark-rect path').count()).toBeGreaterThanOrEqual(want.features.length ** 2);
  });

  it('sorts the summary table by a clicked column', async () => {
    const page = opened!.page;
    const firstColumn = () => page.locator('#summary tbody tr td:first-child').allTextContents();
    await page.locator('#summary th', { hasText: /^rank IC$/ }).click();
    const asc = await firstColumn();
    await page.locator('#summary th', { hasText: /^rank IC$/ }).click();
    const desc = await firstColumn();
    expect(desc).toEqual([...asc].reverse());
    expect(desc[0]).toBe('f_signal');
  });
});
