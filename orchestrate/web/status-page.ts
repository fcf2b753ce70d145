/**
 * The status page of `gq daemon` at `/`, on the same port as `/metrics`: a static page (HTML, CSS and one script
 * from orchestrate/web/assets, no build step, nothing from a CDN) that reads the JSON API, plus the few read-only
 * endpoints only the page needs (`/web/grid`, `/web/summary`, `/web/runs/ID/quality`, the `/web/events` stream).
 * It also guards every write of the JSON API (write-guard.ts). Nothing here reads the environment's J-Quants key.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBusinessDay } from '../../engine/calendar/tse-calendar.ts';
import { formatDay } from '../../engine/dates.ts';
import type { DaemonApi } from '../daemon-api.ts';
import { formatJst, jstDay } from '../jst.ts';
import type { State } from '../state/state.ts';
import { changeFeed } from './change-feed.ts';
import { partitionGrid } from './partition-grid.ts';
import { runQualityAnywhere } from './run-quality.ts';
import { checkWrite, isLoopback } from './write-guard.ts';

export type StatusPageOptions = {
  api: DaemonApi;
  state: State;
  /** The address the daemon listens on (decides whether writes need the token). */
  host: string;
  /** GQ_DAEMON_TOKEN, when set. */
  token: string | undefined;
  now(): number;
  /** Shown in the header: `embedded` or the queue's address without its password. */
  mode?: string;
};

export type StatusPage = {
  /** Answers the request when it is the page's (or a refused write); false lets the JSON API route it. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  close(): void;
};

const ASSET_DIR = new URL('./assets/', import.meta.url);
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/web/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/web/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};
// Everything the page loads comes from this daemon; inline scripts and other origins are refused by the browser.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const send = (res: ServerResponse, status: number, type: string, body: string | Buffer): void => {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' }).end(body);
};
const json = (res: ServerResponse, status: number, body: unknown): void => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

/** The page's handler over the daemon's API and state. */
export function statusPage(o: StatusPageOptions): StatusPage {
  const files = new Map(Object.entries(FILES).map(([route, f]) => [route, { body: readFileSync(new URL(f.file, ASSET_DIR)), type: f.type }]));
  const feed = changeFeed(o.state);
  const exposed = !isLoopback(o.host);
  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://gq');
      const p = url.pathname;
      const get = req.method === 'GET' || req.method === 'HEAD';
      if (req.method !== 'GET' && req.method !== 'HEAD' && p.startsWith('/api/')) {
        const c = checkWrite(req, o.host, o.token);
        if (c.ok) return false;
        req.resume();
        json(res, c.status, { error: c.error });
        return true;
      }
      if (!get) return false;
      const f = files.get(p);
      if (f !== undefined) {
        send(res, 200, f.type, f.body);
        return true;
      }
      if (p === '/web/events') {
        feed.add(res);
        return true;
      }
      if (p === '/web/summary') {
        const now = o.now();
        const today = jstDay(now);
        json(res, 200, {
          now, nowJst: formatJst(now), today: formatDay(today), todayIsBusinessDay: isBusinessDay(today), tomorrow: formatDay(today + 1), tomorrowIsBusinessDay: isBusinessDay(today + 1),
          exposed, writeNeedsToken: (o.token ?? '') !== '' || exposed, writesAllowed: (o.token ?? '') !== '' || !exposed, mode: o.mode ?? 'embedded',
          health: o.api.health(), alerts: o.api.alerts().slice(0, 5), backfills: o.api.backfills().slice(0, 5),
        });
        return true;
      }
      if (p === '/web/grid') {
        const days = Number(url.searchParams.get('days') ?? 20) || 20;
        json(res, 200, partitionGrid(o.state, o.now(), days, url.searchParams.get('to') ?? undefined));
        return true;
      }
      const q = /^\/web\/runs\/(\d+)\/quality$/.exec(p);
      if (q !== null) {
        const r = o.state.runs.get(Number(q[1]));
        if (r === undefined) json(res, 404, { error: `no run ${q[1]}` });
        else void runQualityAnywhere(r.files).then((files) => json(res, 200, { runId: r.id, qualityErrorRatio: r.qualityErrorRatio, alerts: o.api.alerts().filter((a) => a.runId === r.id), files }));
        return true;
      }
      return false;
    },
    close() {
      feed.close();
    },
  };
}
