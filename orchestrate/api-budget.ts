/**
 * One J-Quants request budget for everything the daemon runs: a loopback HTTP relay in the daemon that every run
 * (as its JQUANTS_API_BASE_URL) and every sensor goes through. It paces request starts to the plan's rate over all of
 * them together (a backfill, a scheduled run and a sensor never add up past the limit), counts requests by endpoint
 * and status (and by run), and pauses all API work after a 429: for Retry-After when given, else one window, and for
 * the lockout time after three 429s in a row. The key passes through in the request header and is never logged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makePacer, type Pacer } from '../io/jquants/pacer.ts';

export type BudgetOptions = {
  /** Upstream base URL ending in /v2. */
  upstream: string;
  limit: number;
  windowMs: number;
  lockoutMs: number;
  /** Every answered request (endpoint path under /v2, status or `error`). */
  onRequest?: (endpoint: string, status: string, owner: string) => void;
  /** A 429 pause started. */
  onPause?: (ms: number) => void;
  /** The pacer to use instead of one in this process (queue mode: the budget in Redis every worker shares). */
  pacer?: Pacer;
};

export type ApiBudget = {
  /** The base URL a run should use (ends in /v2); its requests are counted under `owner`. */
  urlFor(owner: string): string;
  /** One paced GET by the daemon itself (sensors): status and the `data` array of the first page. */
  get(path: string, params: Record<string, string>, apiKey: string, owner: string): Promise<{ status: number; data: unknown[] }>;
  /** Requests and non-200 answers of an owner so far. */
  counts(owner: string): { requests: number; retries: number };
  /** Until when all API work is paused (performance.now() time), 0 when not paused. */
  pausedUntil(): number;
  close(): Promise<void>;
};

/** Starts the relay on 127.0.0.1 (an ephemeral port). */
export async function startApiBudget(o: BudgetOptions): Promise<ApiBudget> {
  const upstream = o.upstream.replace(/\/+$/, '');
  const pacer = o.pacer ?? makePacer(o.limit, o.windowMs);
  const byOwner = new Map<string, { requests: number; retries: number }>();
  let consecutive429 = 0;
  let pausedUntil = 0;
  const pause = (ms: number): void => {
    pacer.pause(ms);
    pausedUntil = Math.max(pausedUntil, performance.now() + ms);
    o.onPause?.(ms);
  };
  const count = (owner: string, endpoint: string, status: string): void => {
    const c = byOwner.get(owner) ?? { requests: 0, retries: 0 };
    c.requests++;
    if (status !== '200') c.retries++;
    byOwner.set(owner, c);
    o.onRequest?.(endpoint, status, owner);
  };

  /** Sends one paced request upstream and notes a 429. */
  const forward = async (pathAndQuery: string, apiKey: string, owner: string): Promise<{ status: number; body: Buffer; type: string }> => {
    await pacer.take();
    const endpoint = pathAndQuery.split('?')[0]!;
    let res: Response;
    try {
      res = await fetch(`${upstream}${pathAndQuery}`, { headers: { 'x-api-key': apiKey, accept: 'application/json', 'accept-encoding': 'gzip' } });
    } catch (e) {
      count(owner, endpoint, 'error');
      throw e;
    }
    const body = Buffer.from(await res.arrayBuffer());
    count(owner, endpoint, String(res.status));
    if (res.status === 429) {
      consecutive429++;
      const ra = Number(res.headers.get('retry-after'));
      pause(Number.isFinite(ra) && ra > 0 ? ra * 1000 : consecutive429 >= 3 ? o.lockoutMs : o.windowMs);
    } else consecutive429 = 0;
    return { status: res.status, body, type: res.headers.get('content-type') ?? 'application/json' };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const m = /^\/o\/([^/]+)\/v2(\/.*)$/.exec(req.url ?? '');
    const key = req.headers['x-api-key'];
    if (m === null || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not a gq API budget path"}');
      return;
    }
    try {
      const r = await forward(m[2]!, Array.isArray(key) ? key[0]! : key ?? '', decodeURIComponent(m[1]!));
      res.writeHead(r.status, { 'content-type': r.type, 'content-length': r.body.length }).end(r.body);
    } catch {
      res.destroy();
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    urlFor: (owner) => `http://127.0.0.1:${port}/o/${encodeURIComponent(owner)}/v2`,
    async get(path, params, apiKey, owner) {
      const q = new URLSearchParams(params).toString();
      const r = await forward(`${path}${q === '' ? '' : `?${q}`}`, apiKey, owner);
      if (r.status !== 200) return { status: r.status, data: [] };
      const parsed = JSON.parse(r.body.toString('utf8')) as { data?: unknown[] };
      return { status: r.status, data: Array.isArray(parsed.data) ? parsed.data : [] };
    },
    counts: (owner) => ({ ...(byOwner.get(owner) ?? { requests: 0, retries: 0 }) }),
    pausedUntil: () => (pausedUntil > performance.now() ? pausedUntil : 0),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
