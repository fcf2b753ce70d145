/**
 * The daemon's HTTP endpoint: `/metrics` (Prometheus text), `/health`, and the JSON API under `/api/` that the CLI and
 * the status page read (documented in docs/scheduling.md). Write actions are POSTs answered with the changed record.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GqError } from '../pipeline/errors.ts';
import type { DaemonApi } from './daemon-api.ts';
import { RUN_STATUSES, type RunStatus } from './state/runs.ts';
import type { StatusPage } from './web/status-page.ts';

export type HttpEndpoint = { port: number; url: string; server: Server; close(): Promise<void> };

const json = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' }).end(text);
};

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_000_000) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  if (chunks.length === 0) return {};
  const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('the body must be a JSON object');
  return v as Record<string, unknown>;
}

/** Routes one request; returns false when no route matched. */
async function route(api: DaemonApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gq');
  const p = url.pathname.replace(/\/+$/, '') || '/';
  const get = req.method === 'GET' || req.method === 'HEAD';
  if (get && p === '/metrics') {
    const text = await api.metricsText();
    res.writeHead(200, { 'content-type': api.metricsContentType }).end(text);
    return;
  }
  if (get && p === '/health') return json(res, 200, api.health());
  if (get && p === '/api/runs') {
    const status = url.searchParams.get('status') ?? undefined;
    if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) return json(res, 400, { error: `status must be one of ${RUN_STATUSES.join(', ')}` });
    const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
    const before = url.searchParams.get('before');
    return json(res, 200, { runs: api.runs({ status: status as RunStatus | undefined, job: url.searchParams.get('job') ?? undefined, limit, beforeId: before === null ? undefined : Number(before) }) });
  }
  const runMatch = /^\/api\/runs\/(\d+)(\/cancel|\/rerun)?$/.exec(p);
  if (runMatch !== null) {
    const id = Number(runMatch[1]);
    if (get && runMatch[2] === undefined) {
      const r = api.run(id);
      return r === undefined ? json(res, 404, { error: `no run ${id}` }) : json(res, 200, r);
    }
    if (req.method === 'POST' && runMatch[2] === '/cancel') {
      const r = api.cancel(id);
      return r.ok ? json(res, 200, r) : json(res, 409, r);
    }
    if (req.method === 'POST' && runMatch[2] === '/rerun') {
      const r = api.rerun(id);
      return r === undefined ? json(res, 404, { error: `no run ${id}` }) : json(res, 201, r);
    }
  }
  if (req.method === 'POST' && p === '/api/runs') {
    const b = await readBody(req);
    const r = api.submit(b);
    return 'id' in r ? json(res, 201, r) : json(res, 400, r);
  }
  if (get && p === '/api/assets') return json(res, 200, { assets: api.assets() });
  if (get && p === '/api/schedules') return json(res, 200, { schedules: api.schedules() });
  if (get && p === '/api/sensors') return json(res, 200, { sensors: api.sensors() });
  if (get && p === '/api/alerts') return json(res, 200, { alerts: api.alerts() });
  if (get && p === '/api/backfills') return json(res, 200, { backfills: api.backfills() });
  if (req.method === 'POST' && p === '/api/backfills') {
    const r = api.backfill(await readBody(req));
    return 'id' in r ? json(res, 201, r) : json(res, 400, r);
  }
  json(res, 404, { error: `no route ${req.method} ${p}` });
}

/** What cannot listening on host:port says, with the fix: the port in use, or the address not this machine's. */
export function listenError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  if (e.code === 'EADDRINUSE') return new GqError('BAD_OPTION', `port ${port} on ${host} is already in use (another gq daemon, or another program); stop it, or give another port with --port N (--port 0 picks a free one)`);
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return new GqError('BAD_OPTION', `--host ${host} is not an address of this machine (${e.code}); use 127.0.0.1, or 0.0.0.0 for every interface`);
  if (e.code === 'EACCES') return new GqError('BAD_OPTION', `port ${port} on ${host} needs privileges (EACCES); use a port above 1023, e.g. --port 9464`);
  return e;
}

/** Serves the API on host:port (port 0 = a free one). */
export async function startHttp(api: DaemonApi, host: string, port: number, page?: StatusPage): Promise<HttpEndpoint> {
  const server = createServer((req, res) => {
    if (page?.handle(req, res) === true) return; // the status page and the write guard (orchestrate/web)
    route(api, req, res).catch((e: unknown) => json(res, 400, { error: (e as Error).message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, host, port)));
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound, url: `http://${host}:${bound}`, server,
    close: () => new Promise<void>((resolve) => {
      page?.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
