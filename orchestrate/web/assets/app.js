// The gq daemon status page: reads the JSON API, draws the overview or a run's page, refreshes on server events.
'use strict';

const $ = (sel) => document.querySelector(sel);
const STATUSES = ['fresh', 'stale', 'failed', 'missing', 'running'];
let summary = null;
let refreshing = false;
let again = false;

/** An element with attributes (on* are listeners) and children (strings become text). */
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of kids.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

const JST = 9 * 3600 * 1000;
function jst(ms) {
  if (ms === null || ms === undefined) return '–';
  const s = new Date(ms + JST).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)}`;
}
const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(2)}%`);
const num = (x) => (x === null || x === undefined ? '–' : Number(x).toLocaleString('en-US'));
const secs = (x) => (x === null || x === undefined ? '–' : x < 60 ? `${x.toFixed(1)} s` : `${Math.floor(x / 60)} m ${Math.round(x % 60)} s`);
const parts = (p) => (p.length === 0 ? '–' : p.length <= 2 ? p.join(', ') : `${p[0]} … ${p[p.length - 1]} (${p.length})`);
const pill = (s) => h('span', { class: `pill ${s}` }, s);
const runLink = (id) => (id === null || id === undefined ? '–' : h('a', { href: `#/runs/${id}` }, `#${id}`));

async function getJson(path) {
  const r = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || `${path}: ${r.status}`);
  return body;
}

/** POSTs to the JSON API with the token when one is entered; shows the answer. */
async function post(path, okText) {
  const headers = { 'content-type': 'application/json' };
  const token = sessionStorage.getItem('gq-token');
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(path, { method: 'POST', headers, body: '{}' });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) flash(body.error || `${path}: ${r.status}`, true);
  else flash(okText(body));
  await refresh();
  return r.ok ? body : null;
}

function flash(text, error) {
  const f = $('#flash');
  f.replaceChildren(typeof text === 'string' ? text : text);
  f.className = error ? 'error' : '';
  f.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => { f.hidden = true; }, 8000);
}

const cancelButton = (r) => h('button', { class: 'danger', 'data-action': 'cancel', onclick: () => post(`/api/runs/${r.id}/cancel`, () => `run ${r.id}: cancel requested`) }, 'Cancel');
const rerunButton = (r) => h('button', { 'data-action': 'rerun', onclick: () => post(`/api/runs/${r.id}/rerun`, (b) => h('span', {}, `run ${r.id} re-run as `, runLink(b.id))) }, 'Re-run');
const actionsOf = (r) => (r.status === 'queued' || r.status === 'running' ? cancelButton(r) : rerunButton(r));

function drawHealth() {
  const s = summary;
  const hl = s.health;
  $('#health').replaceChildren(
    h('span', {}, 'pid ', h('b', {}, hl.pid), ' · running ', h('b', {}, hl.running.length), ' · queued ', h('b', {}, hl.queued), ' · ', s.mode),
    hl.apiPaused ? h('span', { class: 'paused' }, ' · API paused after a 429') : '',
  );
  $('#clock').textContent = `${s.nowJst}`;
  $('#token-box').hidden = !s.writeNeedsToken;
}

function drawGrid(grid, assets) {
  const fresh = new Map(assets.map((a) => [a.asset, a]));
  $('#grid-range').textContent = `${grid.from} … ${grid.to} (TSE business days)`;
  $('#legend').replaceChildren(...STATUSES.map((s) => h('span', {}, h('i', { class: s }), s)));
  const head = h('tr', {}, h('th', {}), ...grid.partitions.map((p) => h('th', { class: 'day' }, p.slice(5))), h('th', { class: 'fresh-col' }, 'freshness'));
  const rows = grid.assets.map((a) => {
    const f = fresh.get(a.asset);
    return h('tr', { 'data-asset': a.asset }, h('th', { class: 'asset', title: a.deps.length ? `depends on ${a.deps.join(', ')}` : a.kind }, a.asset),
      ...a.cells.map((c) => h('td', {
        class: `cell ${c.status}`, 'data-partition': c.partition, 'data-status': c.status,
        title: `${a.asset} ${c.partition}: ${c.status}${c.runId ? ` · run #${c.runId}` : ''}${c.rows !== null ? ` · ${num(c.rows)} rows` : ''}${c.qualityErrorRatio !== null ? ` · quarantined ${pct(c.qualityErrorRatio)}` : ''}${c.note ? ` · ${c.note}` : ''}`,
        onclick: (e) => showCell(a.asset, c, e.currentTarget),
      })),
      h('td', { class: 'fresh-col' }, f ? (f.lastPartition === null ? 'never built' : `last ${f.lastPartition}`) : '', f && f.stale ? h('span', {}, ' · ', pill('stale')) : ''));
  });
  $('#grid').replaceChildren(h('thead', {}, head), h('tbody', {}, rows));
}

function showCell(asset, c, td) {
  document.querySelectorAll('td.cell.sel').forEach((x) => x.classList.remove('sel'));
  td.classList.add('sel');
  const d = $('#cell-detail');
  d.hidden = false;
  d.replaceChildren(h('b', {}, `${asset} · ${c.partition}`), ' ', pill(c.status), ' ',
    h('span', {}, ' run ', runLink(c.runId), c.runStatus ? ` (${c.runStatus})` : '', ' · rows ', num(c.rows), ' · quality error ratio ', pct(c.qualityErrorRatio),
      c.at ? ` · ${jst(c.at)} JST` : '', c.note ? ` · ${c.note}` : ''));
}

function drawRuns(runs) {
  const head = h('tr', {}, ...['run', 'job', 'partitions', 'trigger', 'tags', 'worker', 'started (JST)', 'duration', 'rows', 'requests', 'quality', 'status', ''].map((t) => h('th', {}, t)));
  const rows = runs.map((r) => h('tr', { 'data-run': r.id, 'data-status': r.status },
    h('td', {}, runLink(r.id)), h('td', {}, r.job), h('td', {}, parts(r.partitions)),
    h('td', {}, r.trigger, r.triggerName ? h('span', { class: 'muted' }, ` ${r.triggerName}`) : ''),
    h('td', {}, Object.entries(r.tags).map(([k, v]) => h('span', { class: `tag ${k === 'priority' && v === 'high' ? 'high' : ''}` }, `${k}=${v}`))),
    h('td', { class: 'worker' }, r.owner || '–'), h('td', {}, r.startedAt ? jst(r.startedAt) : h('span', { class: 'muted' }, `queued ${jst(r.createdAt)}`)),
    h('td', { class: 'num' }, secs(r.durationSeconds)), h('td', { class: 'num' }, num(r.rows)), h('td', { class: 'num' }, num(r.apiRequests)),
    h('td', { class: 'num' }, pct(r.qualityErrorRatio)), h('td', {}, pill(r.status)), h('td', {}, actionsOf(r))));
  $('#runs').replaceChildren(h('thead', {}, head), h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 13, class: 'muted' }, 'no runs yet'))));
}

function drawSchedules(list) {
  const head = h('tr', {}, ...['schedule', 'cron (JST)', 'job', 'next tick (JST)', 'tick on a TSE day', 'last tick', ''].map((t) => h('th', {}, t)));
  const rows = list.map((s) => h('tr', { 'data-schedule': s.name },
    h('td', {}, s.name), h('td', {}, h('code', {}, s.cron), s.days === 'tse' ? h('span', { class: 'muted' }, ' TSE days') : ''), h('td', {}, s.job),
    h('td', { class: 'next' }, s.nextTickJst || '–'), h('td', {}, s.nextTickIsBusinessDay === null ? '–' : s.nextTickIsBusinessDay ? 'yes' : 'no'),
    h('td', {}, s.lastTick ? `${jst(s.lastTick)} ${s.lastResult || ''}` : '–', s.lastRunId ? h('span', {}, ' ', runLink(s.lastRunId)) : ''),
    h('td', { class: 'muted' }, s.idle || '')));
  const s = summary;
  const foot = h('tr', {}, h('td', { colspan: 7, class: 'muted' }, `Today ${s.today} is ${s.todayIsBusinessDay ? '' : 'not '}a TSE business day; tomorrow ${s.tomorrow} is ${s.tomorrowIsBusinessDay ? '' : 'not '}a TSE business day (next business day ${list[0] ? list[0].nextBusinessDay : '–'}).`));
  $('#schedules').replaceChildren(h('thead', {}, head), h('tbody', {}, rows, foot));
}

function drawSensors(list) {
  const head = h('tr', {}, ...['sensor', 'last tick (JST)', 'cursor', 'last request', 'next'].map((t) => h('th', {}, t)));
  const rows = list.map((s) => {
    const cur = s.cursor || {};
    const shown = Object.fromEntries(Object.entries(cur).filter(([k]) => k !== 'lastPoll' && k !== 'lastRequest'));
    return h('tr', { 'data-sensor': s.name }, h('td', {}, s.name), h('td', {}, jst(s.lastTick)), h('td', {}, h('code', {}, JSON.stringify(shown))),
      h('td', {}, runLink(cur.lastRequest)), h('td', {}, jst(s.nextWake)));
  });
  $('#sensors').replaceChildren(h('thead', {}, head), h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'no sensor (data_arrival needs JQUANTS_API_KEY)'))));
}

function drawSmall(id, cols, rows, empty) {
  $(id).replaceChildren(h('thead', {}, h('tr', {}, cols.map((c) => h('th', {}, c)))),
    h('tbody', {}, rows.length ? rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))) : h('tr', {}, h('td', { colspan: cols.length, class: 'muted' }, empty))));
}

async function drawOverview() {
  const [grid, assets, runs, schedules, sensors] = await Promise.all([
    getJson('/web/grid?days=20'), getJson('/api/assets'), getJson('/api/runs?limit=30'), getJson('/api/schedules'), getJson('/api/sensors'),
  ]);
  drawGrid(grid, assets.assets);
  drawRuns(runs.runs);
  drawSchedules(schedules.schedules);
  drawSensors(sensors.sensors);
  drawSmall('#backfills', ['backfill', 'asset', 'range', 'done', 'running', 'queued', 'failed'],
    summary.backfills.map((b) => [`#${b.id}`, b.asset, `${b.from} … ${b.to}`, `${b.done}/${b.partitions}`, b.running, b.queued, b.failed]), 'no backfill');
  drawSmall('#alerts', ['at (JST)', 'kind', 'run', 'message'], summary.alerts.map((a) => [jst(a.at), a.kind, runLink(a.runId), a.message]), 'no alert');
}

async function drawRun(id) {
  const page = $('#run-page');
  let r;
  let q;
  try {
    [r, q] = await Promise.all([getJson(`/api/runs/${id}`), getJson(`/web/runs/${id}/quality`)]);
  } catch (e) {
    page.replaceChildren(h('p', {}, h('a', { href: '#/' }, '← overview')), h('p', {}, e.message));
    return;
  }
  const kv = (pairs) => h('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  const quality = q.files.length === 0
    ? h('p', { class: 'muted' }, r.qualityErrorRatio === null ? 'no quality report for this run' : `quarantined share ${pct(r.qualityErrorRatio)} (its quality report is no longer on disk)`)
    : q.files.map((f) => h('div', { class: 'quality' },
      kv([['report', f.file], ['rows in / kept / quarantined', `${num(f.rowsIn)} / ${num(f.rowsOut)} / ${num(f.rowsQuarantined)}`], ['codes', num(f.codes)], ['errors / warnings', `${num(f.errors)} / ${num(f.warnings)}`]]),
      f.checks.length ? h('table', { class: 'list' }, h('tr', {}, h('th', {}, 'check'), h('th', {}, 'severity'), h('th', {}, 'count'), h('th', {}, 'reason')),
        f.checks.map((c) => h('tr', {}, h('td', {}, c.check), h('td', {}, c.severity), h('td', { class: 'num' }, num(c.count)), h('td', {}, c.reason)))) : h('p', { class: 'muted' }, 'no finding')));
  page.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '← overview')),
    h('h2', {}, `Run #${r.id} · ${r.job} `, pill(r.status)),
    h('div', { class: 'actions' }, actionsOf(r)),
    kv([
      ['partitions', parts(r.partitions)], ['trigger', `${r.trigger}${r.triggerName ? ` (${r.triggerName})` : ''}`],
      ['tags', Object.entries(r.tags).map(([k, v]) => `${k}=${v}`).join(', ') || '–'], ['attempt', r.attempt], ['parent', runLink(r.parentId)], ['worker', r.owner || '–'],
      ['queued', `${jst(r.createdAt)} JST`], ['started', r.startedAt ? `${jst(r.startedAt)} JST` : '–'], ['ended', r.endedAt ? `${jst(r.endedAt)} JST` : '–'], ['duration', secs(r.durationSeconds)],
      ['rows', num(r.rows)], ['API requests / retries', `${num(r.apiRequests)} / ${num(r.apiRetries)}`], ['quality error ratio', pct(r.qualityErrorRatio)],
      ['error', r.error || '–'], ['note', r.note || '–'], ['files', r.files.length ? h('span', {}, r.files.map((f) => h('div', {}, `${f.kind}: ${f.path} (${num(f.bytes)} bytes, sha256 ${f.sha256.slice(0, 12)}…)`))) : '–'],
    ]),
    h('h2', {}, 'Quality'), h('div', {}, quality),
    q.alerts.length ? h('div', {}, h('h2', {}, 'Alerts'), q.alerts.map((a) => h('p', {}, `${jst(a.at)} ${a.kind}: ${a.message}`))) : '',
    h('h2', {}, 'Log'),
    h('pre', { class: 'log', id: 'run-log' }, r.log.map((l) => h('div', {}, h('span', { class: 'at' }, `${jst(l.at).slice(11)} `), l.line))),
  );
}

function route() {
  const m = /^#\/runs\/(\d+)$/.exec(location.hash);
  return m ? { page: 'run', id: Number(m[1]) } : { page: 'overview' };
}

/** Redraws the current view (one at a time; a change during a redraw redraws once more). */
async function refresh() {
  if (refreshing) { again = true; return; }
  refreshing = true;
  try {
    do {
      again = false;
      summary = await getJson('/web/summary');
      drawHealth();
      const r = route();
      $('#overview').hidden = r.page !== 'overview';
      $('#run-page').hidden = r.page !== 'run';
      if (r.page === 'run') await drawRun(r.id); else await drawOverview();
      document.body.dataset.loaded = String(Date.now());
    } while (again);
  } catch (e) {
    $('#health').textContent = `daemon not reachable: ${e.message}`;
  } finally {
    refreshing = false;
  }
}

/** Server-sent events when the state changes; polling every 5 s while the stream is down. */
function live() {
  let poll = null;
  const es = new EventSource('/web/events');
  const mark = (on) => { $('#live').className = `live ${on ? 'on' : 'off'}`; $('#live').title = on ? 'live: server-sent events' : 'polling every 5 s'; };
  es.addEventListener('open', () => { mark(true); if (poll) { clearInterval(poll); poll = null; } });
  es.addEventListener('change', () => refresh());
  es.addEventListener('error', () => { mark(false); if (!poll) poll = setInterval(refresh, 5000); });
}

addEventListener('hashchange', () => { window.scrollTo(0, 0); refresh(); });
addEventListener('DOMContentLoaded', () => {
  const t = $('#token');
  t.value = sessionStorage.getItem('gq-token') || '';
  t.addEventListener('change', () => sessionStorage.setItem('gq-token', t.value.trim()));
  refresh();
  live();
});
