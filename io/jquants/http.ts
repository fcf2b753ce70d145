/**
 * One HTTP attempt against the V2 API with undici: sends only `x-api-key` (spec §4.2: an Authorization header
 * is rejected), asks for gzip and inflates it (undici's request() does not), and classifies the outcome so
 * the retry loop can decide. Truncated or unreadable bodies count as network failures: they are retried.
 */
import { promisify } from 'node:util';
import { gunzip as gunzipCb, inflate as inflateCb } from 'node:zlib';
import { request, type Dispatcher } from 'undici';

const gunzip = promisify(gunzipCb);
const inflate = promisify(inflateCb);

/** `bytes` are as received on the wire (compressed when gzipped). */
export type AttemptResult =
  | { kind: 'ok'; status: number; data: unknown[]; paginationKey: string | null; bytes: number }
  | { kind: 'status'; status: number; message: string; retryAfter: string | undefined; bytes: number }
  | { kind: 'network'; detail: string; cause: unknown }
  /** A complete answer of the wrong shape: retrying would not change it. */
  | { kind: 'bad'; detail: string };

export type AttemptOptions = {
  dispatcher: Dispatcher;
  apiKey: string;
  timeoutMs: number;
  /** The caller's signal: its abort is thrown, never turned into a retryable failure. */
  signal?: AbortSignal;
  /** `object`: the answer is a bare JSON object (`/bulk/get` answers `{url}`), returned as the one record of `data`. */
  envelope?: 'data' | 'object';
};

const USER_AGENT = 'gq/0.1 (J-Quants API V2 client)';

/** Performs one GET of `url` and classifies the answer. Throws only when `signal` aborts. */
export async function attempt(url: string, o: AttemptOptions): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal === undefined ? timeout : AbortSignal.any([o.signal, timeout]);
  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  let body: Buffer;
  let wire = 0;
  try {
    const res = await request(url, {
      dispatcher: o.dispatcher,
      method: 'GET',
      headers: { 'x-api-key': o.apiKey, 'accept-encoding': 'gzip', accept: 'application/json', 'user-agent': USER_AGENT },
      signal,
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
    });
    status = res.statusCode;
    headers = res.headers;
    body = Buffer.from(await res.body.arrayBuffer());
    wire = body.length;
    body = await decode(body, headers['content-encoding']);
  } catch (err) {
    o.signal?.throwIfAborted();
    if (err instanceof TypeError || err instanceof RangeError) throw err; // a bug of ours, not the network
    return { kind: 'network', detail: describeNetworkError(err, timeout.aborted, o.timeoutMs), cause: err };
  }
  if (status === 210) return { kind: 'ok', status, data: [], paginationKey: null, bytes: wire };
  if (status !== 200) {
    return { kind: 'status', status, message: messageOf(body), retryAfter: header(headers['retry-after']), bytes: wire };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { kind: 'network', detail: `a 200 answer whose body is not complete JSON (${body.length} bytes; truncated?)`, cause: err };
  }
  if (o.envelope === 'object' && typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    return { kind: 'ok', status, data: [parsed], paginationKey: null, bytes: wire };
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { data?: unknown }).data)) {
    return { kind: 'bad', detail: 'a 200 answer without a "data" array' };
  }
  const env = parsed as { data: unknown[]; pagination_key?: unknown };
  const key = typeof env.pagination_key === 'string' && env.pagination_key !== '' ? env.pagination_key : null;
  return { kind: 'ok', status, data: env.data, paginationKey: key, bytes: wire };
}

async function decode(body: Buffer, encoding: string | string[] | undefined): Promise<Buffer> {
  const e = (header(encoding) ?? '').trim().toLowerCase();
  if (e === '' || e === 'identity') return body;
  if (e === 'gzip' || e === 'x-gzip') return gunzip(body);
  if (e === 'deflate') return inflate(body);
  throw new Error(`unsupported content-encoding "${e}"`);
}

function header(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** The `message` (or API Gateway's `Message`) of an error body, else its first 200 characters. */
function messageOf(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const j = JSON.parse(text) as { message?: unknown; Message?: unknown };
    const m = j.message ?? j.Message;
    if (typeof m === 'string') return m;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200).trim();
}

function describeNetworkError(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no complete answer within ${timeoutMs} ms`;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  const msg = e.message ?? String(err);
  return code === undefined ? msg : `${code}: ${msg}`;
}
