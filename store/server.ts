/**
 * The HTTP feature server (node:http): `POST /get-online-features` with Feast's request
 * `{"features": ["view:feature", ...], "entities": {"Code": ["7203", ...]}}` and Feast's response, and
 * `GET /health`. Input is validated (valibot); an unknown view, feature or code is a 400 naming it; an online
 * store that does not answer is a 503 (and /health says so); nothing a request sends stops the server.
 * Each request checks the store's version (SQLite's data_version, one Redis GET) and answers from the views held in
 * memory at that version; the views are read again only when it changed, and a repeated request of many codes gets
 * the bytes built the first time. Between requests the version is checked every second and a new one's views are
 * read and formatted ahead of the first request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as v from 'valibot';
import { GqError } from '../io/gq-error.ts';
import type { OnlineStore } from './online.ts';
import { PACKED_READ_CODES } from './packed-view.ts';
import { responseCache } from './response-cache.ts';
import { findRows, servedResponse } from './served-response.ts';
import { makeRow, servedRefs, servedViews, type Served, type ServedRefs } from './served-views.ts';

const CODE = /^[0-9][0-9A-Z]{3}[0-9A-Z]?$/;
const MAX_BODY = 4 << 20;
/** Feature lists kept for plainRequest (a few hundred at most). */
const LISTS_KEPT = 256;
/** How often the store's version is checked between requests. */
const WATCH_MS = 1000;

const Request = v.object({
  features: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1, 'features: give at least one "view:feature"')),
  entities: v.object({ Code: v.pipe(v.array(v.union([v.string(), v.number()])), v.minLength(1, 'entities.Code: give at least one code')) }),
});

export type FeatureServer = { server: Server; port: number; close(): Promise<void> };

/** Starts the server on 127.0.0.1 (or `host`) at `port` (0: a free one). */
export async function startServer(store: OnlineStore, o: { port: number; host?: string }): Promise<FeatureServer> {
  // The store's views in memory, re-read only when its version changes (one reload at a time).
  let served: Served | undefined;
  let loading: Promise<Served> | undefined;
  const servedAt = async (version: string): Promise<Served> => {
    if (served?.version === version) return served;
    loading ??= store.snapshot().then((s) => (served = servedViews(s))).finally(() => { loading = undefined; });
    return loading;
  };
  const responses = responseCache();
  /** Feature lists of valid requests, by their JSON text (see plainRequest). */
  const lists = new Map<string, string[]>();
  // Between requests, a changed version is noticed within a second and the views are read and their rows' bytes made
  // ahead of the first request that needs them (in slices, so requests are not held up).
  const warm = async (): Promise<void> => {
    const s = await servedAt(await store.version());
    for (const view of s.views.values()) {
      for (let row = 0; row < view.days.length; row++) {
        if (served !== s) return;
        makeRow(view, row);
        if (row % 256 === 255) await new Promise((r) => setImmediate(r));
      }
    }
  };
  let warming = false;
  const watch = setInterval(() => {
    if (warming) return;
    warming = true;
    warm().catch(() => undefined).finally(() => { warming = false; });
  }, WATCH_MS);
  watch.unref();
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { error: (e as Error).message }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url === '/health') {
      const h = await store.health();
      send(res, h.ok ? 200 : 503, { status: h.ok ? 'ok' : 'unavailable', online: { store: store.where, ok: h.ok, ...(h.error === undefined ? {} : { error: h.error }) } });
      return;
    }
    if (url !== '/get-online-features') { send(res, 404, { error: `no route ${req.method} ${url} (POST /get-online-features, GET /health)` }); return; }
    if (req.method !== 'POST') { send(res, 405, { error: 'use POST /get-online-features' }); return; }
    const text = await body(req);
    if (text === undefined) { send(res, 413, { error: `request body over ${MAX_BODY} bytes` }); return; }
    let version: string;
    try {
      version = await store.version();
    } catch (e) {
      send(res, 503, { error: (e as Error).message });
      return;
    }
    // The same body at the same version: the same bytes (only well-formed requests are ever cached).
    const cached = responses.get(text, version);
    if (cached !== undefined) { sendBytes(res, cached); return; }
    // A body in the form a client's JSON.stringify writes, with a feature list seen before, is read without a parse.
    let { features, codes } = plainRequest(text, lists) ?? {};
    if (features === undefined || codes === undefined) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        send(res, 400, { error: `request body is not JSON (${(e as Error).message})` });
        return;
      }
      const parsed = v.safeParse(Request, json);
      if (!parsed.success) {
        send(res, 400, { error: parsed.issues.map((i) => `${v.getDotPath(i) ?? 'body'}: ${i.message}`).join('; ') });
        return;
      }
      features = parsed.output.features;
      codes = parsed.output.entities.Code.map(String);
      const bad = codes.find((c) => !CODE.test(c));
      if (bad !== undefined) { send(res, 400, { error: `unknown code "${bad}" (codes are 4 or 5 characters, e.g. 7203 or 130A0)` }); return; }
      if (lists.size >= LISTS_KEPT) lists.clear();
      lists.set(JSON.stringify(features), features);
    }
    let now: Served;
    try {
      now = await servedAt(version);
    } catch (e) {
      send(res, 503, { error: (e as Error).message });
      return;
    }
    let refs: ServedRefs;
    try {
      refs = servedRefs(now, features);
    } catch (e) {
      send(res, e instanceof GqError ? 400 : 500, { error: (e as Error).message });
      return;
    }
    const found = findRows(refs, codes);
    if (found.missing.length > 0) { send(res, 400, { error: `unknown code "${found.missing[0]}" (not in the online store${found.missing.length > 1 ? `; ${found.missing.length} codes are not` : ''})` }); return; }
    const out = servedResponse(refs, codes, found);
    if (codes.length >= PACKED_READ_CODES) responses.set(text, now.version, out);
    sendBytes(res, out);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
  return {
    server, port,
    close: () => new Promise<void>((resolve) => { clearInterval(watch); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const HEAD = '{"features":';
const MID = ',"entities":{"Code":[';
const TAIL = ']}}';

/**
 * The features and codes of a body that is exactly `{"features":F,"entities":{"Code":["c1","c2",...]}}` where F is
 * the JSON text of a feature list in `lists` (one a valid request named before) and every code is a valid code; such
 * a body means what a parse and the validation would make of it. Undefined for any other body (then it is parsed).
 */
export function plainRequest(text: string, lists: ReadonlyMap<string, string[]>): { features: string[]; codes: string[] } | undefined {
  if (!text.startsWith(HEAD) || !text.endsWith(TAIL)) return undefined;
  const mid = text.indexOf(MID, HEAD.length);
  if (mid < 0) return undefined;
  const features = lists.get(text.slice(HEAD.length, mid));
  if (features === undefined) return undefined;
  const from = mid + MID.length;
  const to = text.length - TAIL.length;
  if (to <= from) return undefined;
  const codes: string[] = [];
  for (let at = from; at < to;) {
    const end = text.indexOf('"', at + 1);
    if (text.charCodeAt(at) !== 34 || end < 0 || end >= to) return undefined;
    const code = text.slice(at + 1, end);
    if (!CODE.test(code)) return undefined;
    codes.push(code);
    if (end + 1 === to) return { features, codes };
    if (text.charCodeAt(end + 1) !== 44) return undefined; // ,
    at = end + 2;
  }
  return undefined;
}

function sendBytes(res: ServerResponse, bytes: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
  res.end(bytes);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The request body as text, or undefined when it is over the limit. */
function body(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { resolve(undefined); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
