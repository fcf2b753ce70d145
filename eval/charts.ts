/** Vega-Lite specs of the report's charts (rendered to SVG by render-svg.ts). Data is inlined; no URL is ever fetched. */
import type { EvalReport, FeatureReport } from './summarize.ts';

type Spec = Record<string, unknown>;

const ROLL = 21;

/** Trailing mean over `ROLL` dates of the defined values, once at least half the window has one. */
export function rollingMean(values: readonly number[]): number[] {
  const out: number[] = [];
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) { sum += v; n++; }
    if (i >= ROLL) { const o = values[i - ROLL]!; if (Number.isFinite(o)) { sum -= o; n--; } }
    out.push(n >= ROLL / 2 ? sum / n : Number.NaN);
  }
  return out;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Daily rank IC (thin) with its 21-date rolling mean (bold). */
export function icChart(r: EvalReport, f: FeatureReport): Spec {
  const roll = rollingMean(f.daily.rankIc);
  const values = r.dates.flatMap((date, d) => [
    { date, series: 'rank IC', v: finite(f.daily.rankIc[d]!) },
    { date, series: `${ROLL}-day mean`, v: finite(roll[d]!) },
  ]).filter((p) => p.v !== null);
  return {
    title: `Rank IC vs ${r.target}`, width: 460, height: 150, data: { values },
    encoding: {
      x: { field: 'date', type: 'temporal', title: null },
      y: { field: 'v', type: 'quantitative', title: null },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['rank IC', `${ROLL}-day mean`], range: ['#9ecae1', '#08519c'] }, legend: { orient: 'top' } },
    },
    layer: [
      { transform: [{ filter: "datum.series == 'rank IC'" }], mark: { type: 'line', strokeWidth: 0.7 } },
      { transform: [{ filter: "datum.series != 'rank IC'" }], mark: { type: 'line', strokeWidth: 2 } },
    ],
  };
}

/** Mean target per bucket, lowest bucket first. */
export function quantileChart(r: EvalReport, f: FeatureReport): Spec {
  const values = f.quantileMeans.map((v, q) => ({ bucket: `Q${q + 1}`, v: finite(v) }));
  return {
    title: `Mean ${r.target} by quantile`, width: 200, height: 150, data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'bucket', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
      y: { field: 'v', type: 'quantitative', title: null },
      color: { condition: { test: 'datum.v < 0', value: '#d6604d' }, value: '#4393c3' },
    },
  };
}

/** Cumulative top-minus-bottom spread. */
export function spreadChart(r: EvalReport, f: FeatureReport): Spec {
  const values = r.dates.map((date, d) => ({ date, v: finite(f.daily.spreadCum[d]!) }));
  return {
    title: `Cumulative Q${r.quantiles} - Q1 (spread / ${r.horizon})`, width: 300, height: 150, data: { values },
    mark: { type: 'line', strokeWidth: 1.5, color: '#238b45' },
    encoding: { x: { field: 'date', type: 'temporal', title: null }, y: { field: 'v', type: 'quantitative', title: null } },
  };
}

/** Mean rank IC per feature, sorted. */
export function overviewChart(r: EvalReport): Spec {
  const values = r.features.map((f) => ({ feature: f.name, v: finite(f.rankIc.mean) }));
  return {
    title: `Mean rank IC vs ${r.target}`, width: Math.max(300, 12 * values.length), height: 180, data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'feature', type: 'nominal', sort: '-y', title: null, axis: { labelAngle: -60, labelFontSize: 9 } },
      y: { field: 'v', type: 'quantitative', title: null },
      color: { condition: { test: 'datum.v < 0', value: '#d6604d' }, value: '#4393c3' },
    },
  };
}

/** Mean feature-to-feature rank correlation as a heat map. */
export function corrChart(r: EvalReport): Spec {
  const names = r.features.map((f) => f.name);
  const values = names.flatMap((a, i) => names.map((b, j) => ({ a, b, v: finite(r.featureCorr[i]![j]!) })));
  const side = Math.max(200, Math.min(900, 11 * names.length));
  return {
    title: 'Mean rank correlation between features', width: side, height: side, data: { values },
    mark: 'rect',
    encoding: {
      x: { field: 'a', type: 'nominal', sort: names, title: null, axis: { labelFontSize: 8, labelAngle: -60 } },
      y: { field: 'b', type: 'nominal', sort: names, title: null, axis: { labelFontSize: 8 } },
      color: { field: 'v', type: 'quantitative', title: 'corr', scale: { scheme: 'redblue', domain: [-1, 1], reverse: true } },
    },
  };
}
