/**
 * A local stand-in of the J-Quants API V2 (node:http on 127.0.0.1), serving a sample market with the V2
 * routes, envelopes, field names, error bodies and status codes of the spec: small pages with opaque
 * pagination keys, per-key per-plan 429s (and the ~5-minute lockout), plan-window 400s, 403s for a missing
 * or wrong key, an unknown path or an endpoint outside the plan, 410 on V1 URLs, 210 where the spec
 * documents it, gzip when asked, and seeded fault injection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { parseDay } from '../../../engine/dates.ts';
import type { SampleMarket } from '../../sample/market.ts';
import { todayJst } from '../finality.ts';
import { gateUnpublished, type StandinClock } from './clock.ts';
import { FINS_RATE, PLAN_RATE, planHasAccess, type Plan } from '../plans.ts';
import { FAULT_KINDS, faultBody, makeFaults, type FaultKind } from './faults.ts';
import { viewOf, type MarketView } from './market-view.ts';
import { MSG, V1_GONE_BODY } from './messages.ts';
import { makeKey, queryChecksum, readKey } from './paging.ts';
import { makeRateWindow, type RateWindow } from './rate-window.ts';
import { PRICE_ROUTES } from './routes/prices.ts';
import { bulkRoutes } from './routes/bulk.ts';
import { makeBulkStore } from './bulk-store.ts';
import { startBulkFileServer, type BulkFault, type BulkFileServer, type BulkFileStats } from './bulk-file-server.ts';
import { SYNTHETIC_ROUTES } from './routes/synthetic.ts';
import type { Route } from './routes/types.ts';

const gzip = promisify(gzipCb);

export type StandinOptions = {
  /**
   * The market served, or a function making it (or promising it) on the first data request (a fully cached run then
   * never builds it).
   */
  market: SampleMarket | (() => SampleMarket | Promise<SampleMarket>);
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  /** The one accepted API key; unset = any non-empty key. */
  key?: string;
  /** Default premium. */
  plan?: Plan;
  /** Share of requests that get a fault, in [0, 1]. Default 0. */
  faults?: number;
  faultKinds?: readonly FaultKind[];
  /** Seed of the fault stream. Default 1. */
  seed?: number;
  /** Delay of a `slow` fault. Default 300 ms. */
  slowMs?: number;
  /** Delay of every answer. Default 0. */
  latencyMs?: number;
  /** Records per page. Default 1000. */
  pageSize?: number;
  /** Requests per window per key; default the plan's per-minute limit; false = unlimited. */
  rateLimit?: number | false;
  rateWindowMs?: number;
  /** Cap of fins/summary per window per key. Default 60; false = none. */
  finsRateLimit?: number | false;
  /** Lockout after pushing on at the limit. Default 300,000 ms; 0 = never. */
  lockoutMs?: number;
  /** Send Retry-After with a 429 (whether the real API does is unconfirmed). Default false. */
  retryAfter?: boolean;
  /** The stand-in's today, ISO (plan windows count from it). Default: today in Japan. */
  today?: string;
  /** Emit the Premium morning/afternoon keys on daily bars. Default: plan is premium. */
  sessions?: boolean;
  /** A clock: a day's bars and TOPIX appear only at their publication time, plan windows count from its today (clock.ts). */
  clock?: StandinClock;
  /** Called for each answered request (epoch ms, route, status): a client's rate checked from outside. */
  onRequest?: (at: number, route: string, status: string) => void;
  /** Bulk files (`/bulk/list`, `/bulk/get`, a file host on a second port): URL lifetime, faults, broken files. */
  bulk?: { ttlMs?: number; faults?: readonly BulkFault[]; brokenKeys?: readonly string[]; now?: () => number };
};

export type StandinStats = {
  requests: number;
  /** By route (path under /v2, or `v1`, `unknown`). */
  byRoute: Record<string, number>;
  /** By status (`200`, `429`, ..., or `drop`, `truncate` for a broken answer). */
  byStatus: Record<string, number>;
  byRouteStatus: Record<string, Record<string, number>>;
  faults: Record<FaultKind, number>;
  /** Records served. */
  rows: number;
  /** Keys locked out for pushing on at the limit. */
  lockouts: number;
};

export type Standin = {
  /** Base URL, e.g. http://127.0.0.1:41234/v2. */
  url: string;
  port: number;
  plan: Plan;
  stats: StandinStats;
  /** Downloads from the bulk file host (zeros until a signed URL is used). */
  bulkStats: BulkFileStats;
  resetStats(): void;
  close(): Promise<void>;
};

const ROUTES = new Map<string, Route>([...PRICE_ROUTES, ...SYNTHETIC_ROUTES].map((r) => [r.path, r]));

/** Starts the stand-in and resolves once it listens. */
export async function startStandin(o: StandinOptions): Promise<Standin> {
  const plan = o.plan ?? 'premium';
  let view: MarketView | undefined;
  const market = o.market;
  let made: SampleMarket | Promise<SampleMarket> | undefined;
  const make = (): SampleMarket | Promise<SampleMarket> => (made ??= typeof market === 'function' ? market() : market);
  const viewNow = (): MarketView => {
    if (view !== undefined) return view;
    const m = make();
    if (m instanceof Promise) throw new Error('stand-in: the market is not built yet');
    return (view = viewOf(m));
  };
  /** The view, once a promised market has arrived. */
  let viewing: Promise<MarketView> | undefined;
  const viewReady = (): Promise<MarketView> => (view !== undefined ? Promise.resolve(view)
    : (viewing ??= Promise.resolve(make()).then((m) => (view ??= viewOf(m)), (err: unknown) => { viewing = undefined; throw err; })));
  const pageSize = o.pageSize ?? 1000;
  if (!(pageSize >= 1)) throw new Error(`stand-in: pageSize must be >= 1 (got ${o.pageSize})`);
  const today = o.today === undefined ? todayJst(Date.now()) : parseDay(o.today);
  if (Number.isNaN(today)) throw new Error(`stand-in: today "${o.today}" is not YYYY-MM-DD`);
  const windowMs = o.rateWindowMs ?? 60_000;
  const lockoutMs = o.lockoutMs ?? 300_000;
  const planLimit = o.rateLimit === undefined ? PLAN_RATE[plan] : o.rateLimit;
  const finsLimit = o.finsRateLimit === undefined ? FINS_RATE : o.finsRateLimit;
  const planRate: RateWindow | null = planLimit === false ? null : makeRateWindow(planLimit, windowMs, lockoutMs);
  const finsRate: RateWindow | null = finsLimit === false ? null : makeRateWindow(finsLimit, windowMs, lockoutMs);
  const nextFault = makeFaults(o.faults ?? 0, o.faultKinds ?? FAULT_KINDS, o.seed ?? 1);
  const sessions = o.sessions ?? plan === 'premium';
  const stats = emptyStats();
  const host = o.host ?? '127.0.0.1';
  const bulkStore = makeBulkStore({ view: viewNow, plan, today, sessions, routes: ROUTES, brokenKeys: o.bulk?.brokenKeys });
  const fileHost = await startBulkFileServer({ store: bulkStore, host, ttlMs: o.bulk?.ttlMs, faults: o.bulk?.faults, now: o.bulk?.now });
  const routes = new Map(ROUTES);
  for (const r of bulkRoutes(bulkStore, (): BulkFileServer => fileHost, o.bulk?.now ?? Date.now)) routes.set(r.path, r);

  const count = (route: string, status: string, rows = 0): void => {
    stats.requests++;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    const rs = (stats.byRouteStatus[route] ??= {});
    rs[status] = (rs[status] ?? 0) + 1;
    stats.rows += rows;
    o.onRequest?.(Date.now(), route, status);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname.replace(/\/+$/, '');
    const wantsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const reply = async (route: string, status: number, body: object, rows = 0, headers: Record<string, string> = {}): Promise<void> => {
      if (o.latencyMs) await sleep(o.latencyMs);
      count(route, String(status), rows);
      await send(res, status, JSON.stringify(body), wantsGzip, headers);
    };
    if (path === '/v1' || path.startsWith('/v1/')) return reply('v1', 410, V1_GONE_BODY);
    const route = path.startsWith('/v2/') ? routes.get(path.slice(3)) : undefined;
    if (route === undefined || req.method !== 'GET') return reply('unknown', 403, { message: MSG.noEndpoint });
    const name = route.path;
    const key = req.headers['x-api-key'];
    const apiKey = Array.isArray(key) ? key[0] : key;
    if (apiKey === undefined || apiKey === '') return reply(name, 403, { message: MSG.noKey });
    if (o.key !== undefined && apiKey !== o.key) return reply(name, 403, { message: MSG.badKey });
    if (!planHasAccess(plan, route.window)) return reply(name, 403, { message: MSG.notInPlan });
    const now = performance.now();
    for (const limiter of route.finsCap ? [finsRate, planRate] : [planRate]) {
      const d = limiter?.check(apiKey, now);
      if (d !== undefined && !d.ok) {
        if (d.locking) stats.lockouts++;
        const headers: Record<string, string> = o.retryAfter === true ? { 'retry-after': String(Math.max(1, Math.ceil(d.retryAfterMs / 1000))) } : {};
        return reply(name, 429, { message: MSG.tooMany }, 0, headers);
      }
    }
    const fault = nextFault();
    if (fault !== null) stats.faults[fault.kind]++;
    if (fault?.kind === 'error') return reply(name, fault.status, faultBody(fault.status));
    if (fault?.kind === 'drop') {
      count(name, 'drop');
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(o.slowMs ?? 300);

    if (o.clock !== undefined && gateUnpublished(o.clock, route.path, url.searchParams) === 'empty') return reply(name, 200, { data: [] });
    const answer = await route.handle({ v: await viewReady(), plan, today: o.clock === undefined ? today : todayJst(o.clock.now()), sessions, q: url.searchParams });
    if (answer.kind === 'error') return reply(name, answer.status, answer.body);
    if (answer.kind === 'object') return reply(name, 200, answer.body);
    const { rows } = answer;
    let offset = 0;
    const checksum = queryChecksum(url.searchParams);
    const pk = url.searchParams.get('pagination_key');
    if (pk !== null && pk !== '') {
      const at = readKey(pk, checksum);
      if (at === null || at >= rows.length) return reply(name, 400, { message: MSG.badPaginationKey });
      offset = at;
    }
    const end = answer.paginate ? Math.min(rows.length, offset + pageSize) : rows.length;
    const data: object[] = [];
    for (let i = offset; i < end; i++) data.push(rows.at(i));
    const body: { data: object[]; pagination_key?: string } = { data };
    if (end < rows.length) body.pagination_key = makeKey(end, checksum);
    if (fault?.kind === 'truncate') {
      if (o.latencyMs) await sleep(o.latencyMs);
      count(name, 'truncate', 0);
      await send(res, 200, JSON.stringify(body), wantsGzip, {}, true);
      return;
    }
    return reply(name, 200, body, data.length);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      count('unknown', '500');
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: MSG.serverError }));
      } else res.destroy();
      console.error('stand-in: handler failed:', err);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/v2`,
    port,
    plan,
    stats,
    bulkStats: fileHost.stats,
    resetStats: () => Object.assign(stats, emptyStats()),
    close: () => Promise.all([fileHost.close(), new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    })]).then(() => undefined),
  };
}

function emptyStats(): StandinStats {
  return { requests: 0, byRoute: {}, byStatus: {}, byRouteStatus: {}, faults: { error: 0, slow: 0, drop: 0, truncate: 0 }, rows: 0, lockouts: 0 };
}

/** Writes a JSON answer (gzipped when asked); `truncate` sends the full Content-Length but half the bytes. */
async function send(res: ServerResponse, status: number, json: string, gz: boolean, headers: Record<string, string>, truncate = false): Promise<void> {
  let body: Buffer = Buffer.from(json, 'utf8');
  const h: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', ...headers };
  if (gz) {
    body = await gzip(body, { level: 1 });
    h['content-encoding'] = 'gzip';
  }
  h['content-length'] = body.length;
  res.writeHead(status, h);
  if (truncate) {
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    // Give the half body a moment to leave before the connection breaks.
    setImmediate(() => res.socket?.destroy());
    return;
  }
  res.end(body);
}
