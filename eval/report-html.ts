/**
 * eval.html: one self-contained page (no script or style from elsewhere, charts as inline SVG): the rules, a
 * sortable summary table, the overview charts, and per feature its rank IC series, quantile bars and cumulative spread.
 */
import { corrChart, icChart, overviewChart, quantileChart, spreadChart } from './charts.ts';
import { renderGroups } from './render-pool.ts';
import type { EvalReport, FeatureReport } from './summarize.ts';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (v: number, digits = 4): string => (Number.isFinite(v) ? v.toFixed(digits) : '');
const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '');

const STYLE = `body{font:13px/1.4 system-ui,sans-serif;margin:20px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{padding:3px 7px;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}
th{cursor:pointer;background:#f4f4f4;position:sticky;top:0}th.sorted-asc::after{content:" \\25B2"}th.sorted-desc::after{content:" \\25BC"}
td:first-child,th:first-child,td:nth-child(2){text-align:left}td.neg{color:#b2182b}td.pos{color:#2166ac}
.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.feature{border-top:1px solid #ccc;padding-top:6px}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;font-size:12px}dt{font-weight:600}`;

/** Sorts the summary table by a clicked header (numbers numerically, empty cells last). */
const SCRIPT = `document.querySelectorAll('table.sortable th').forEach(function(th,col){th.addEventListener('click',function(){
var t=th.closest('table'),b=t.tBodies[0],asc=!th.classList.contains('sorted-asc');
t.querySelectorAll('th').forEach(function(h){h.classList.remove('sorted-asc','sorted-desc')});th.classList.add(asc?'sorted-asc':'sorted-desc');
var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){var a=x.cells[col].dataset.v,c=y.cells[col].dataset.v;
if(a===''&&c==='')return 0;if(a==='')return 1;if(c==='')return -1;var na=Number(a),nc=Number(c);
var r=isNaN(na)||isNaN(nc)?a.localeCompare(c):na-nc;return asc?r:-r});rows.forEach(function(r){b.appendChild(r)})})});`;

function cell(v: number | string, text?: string, sign = false): string {
  if (typeof v === 'string') return `<td data-v="${esc(v)}">${esc(v)}</td>`;
  const cls = sign && Number.isFinite(v) ? (v < 0 ? ' class="neg"' : ' class="pos"') : '';
  return `<td data-v="${Number.isFinite(v) ? v : ''}"${cls}>${text ?? num(v)}</td>`;
}

function summaryTable(r: EvalReport): string {
  const head = ['feature', 'family', 'coverage', 'rank IC', 'rank IC IR', 'rank IC t', 'rank IC > 0', 'IC', 'IC t',
    ...r.decayTargets.map((t) => `decay ${t.replace(/^target_/, '')}`), `Q${r.quantiles}-Q1`, 'spread t', 'top turnover', 'most correlated', 'corr'];
  const rows = r.features.map((f) => `<tr>${[
    `<td data-v="${esc(f.name)}"><a href="#f-${esc(f.name)}">${esc(f.name)}</a></td>`, cell(f.family), cell(f.coverage, pct(f.coverage)),
    cell(f.rankIc.mean, undefined, true), cell(f.rankIc.ir, num(f.rankIc.ir, 3), true), cell(f.rankIc.t, num(f.rankIc.t, 2), true), cell(f.rankIc.positive, pct(f.rankIc.positive)),
    cell(f.ic.mean, undefined, true), cell(f.ic.t, num(f.ic.t, 2), true),
    ...r.decayTargets.map((t) => cell(f.decay[t] ?? Number.NaN, undefined, true)),
    cell(f.spread.mean, num(f.spread.mean, 5), true), cell(f.spread.t, num(f.spread.t, 2), true), cell(f.topTurnover, pct(f.topTurnover)),
    cell(f.mostCorrelated?.name ?? ''), cell(f.mostCorrelated?.corr ?? Number.NaN, num(f.mostCorrelated?.corr ?? Number.NaN, 3)),
  ].join('')}</tr>`);
  return `<table class="sortable" id="summary"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function featureSection(r: EvalReport, f: FeatureReport, [ic, q, spread]: string[]): string {
  const years = f.byYear.map((y) => `${y.year}: ${num(y.rankIc.mean)} (t ${num(y.rankIc.t, 2)})`).join(' &middot; ');
  return `<section class="feature" id="f-${esc(f.name)}"><h3>${esc(f.name)} <small>(${esc(f.family)})</small></h3>
<p>rank IC ${num(f.rankIc.mean)} &plusmn; ${num(f.rankIc.sd)} (IR ${num(f.rankIc.ir, 3)}, t ${num(f.rankIc.t, 2)}, ${f.rankIc.n} days) &middot; IC ${num(f.ic.mean)} &middot; coverage ${pct(f.coverage)} &middot; top turnover ${pct(f.topTurnover)}${f.quantileDatesSkipped > 0 ? ` &middot; ${f.quantileDatesSkipped} dates without buckets` : ''}<br>by year: ${years}</p>
<div class="charts"><figure>${ic}</figure><figure>${q}</figure><figure>${spread}</figure></div></section>`;
}

/** The page. */
export async function reportHtml(r: EvalReport & { rules?: Record<string, string> }, dataset: string, workers?: number): Promise<string> {
  const groups = [[overviewChart(r), corrChart(r)], ...r.features.map((f) => [icChart(r, f), quantileChart(r, f), spreadChart(r, f)])];
  const [[overview, corr], ...perFeature] = await renderGroups(groups, workers);
  const sections = r.features.map((f, k) => featureSection(r, f, perFeature[k]!));
  const rules = r.rules ?? (await import('./run-eval.ts')).EVAL_RULES;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gq eval: ${esc(dataset)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head><body>
<h1>gq eval &mdash; ${esc(dataset)}</h1>
<p>${r.features.length} features against <b>${esc(r.target)}</b> (horizon ${r.horizon}), ${r.rows.toLocaleString('en')} rows, ${r.codes} codes, ${r.dates.length} dates (${r.dates[0] ?? ''} &ndash; ${r.dates.at(-1) ?? ''}), quantiles: ${r.quantiles}.</p>
<h2>Summary</h2><p>Click a column to sort.</p>${summaryTable(r)}
<h2>Overview</h2><div class="charts"><figure id="overview">${overview}</figure></div>
<h2>Redundancy</h2><div class="charts"><figure id="corr">${corr}</figure></div>
<h2>Features</h2>${sections.join('\n')}
<h2>How the numbers are made</h2><dl>${Object.entries(rules).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<script>${SCRIPT}</script></body></html>
`;
}
