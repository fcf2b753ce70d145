/**
 * A GET with pacing and retries: 429, 5xx and network failures are retried with exponential backoff and
 * jitter, honouring Retry-After; 400/403/410/413 (and any other status) fail at once with a plain error.
 * Repeated 429s make the whole client stand back for `lockoutMs` (spec §4.3: heavy overuse blocks a key
 * for about 5 minutes).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { backoffDelay, parseRetryAfter } from './backoff.ts';
import { JQuantsError, statusError } from './errors.ts';
import type { ClientEvent } from './events.ts';
import { attempt } from './http.ts';
import type { Pacer } from './pacer.ts';
import type { Plan } from './plans.ts';

export type RequestContext = {
  dispatcher: Dispatcher;
  baseUrl: string;
  apiKey: string;
  plan: Plan;
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Longest Retry-After honoured; longer asks fail as rate-limited instead of stalling the run. */
  maxRetryAfterMs: number;
  /** Wait after `lockoutAfter` consecutive 429s with no Retry-After. */
  lockoutMs: number;
  lockoutAfter: number;
  timeoutMs: number;
  random: () => number;
  emit: (e: ClientEvent) => void;
  redact: (s: string) => string;
  /** Shared by every request of the client. */
  state: { requests: number; retries: number; bytes: number; streak429: number };
  /**
   * Requests of one fetch call only (its own copy of the context, see countRequests), beside the client's total; a
   * call made within another counts in both.
   */
  call?: RequestCount;
};

/** A fetch call's request count, and that of the call it runs within. */
export type RequestCount = { requests: number; outer?: RequestCount };

export type Page = { data: unknown[]; paginationKey: string | null };

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

/** GETs `path?query` (path relative to the base URL) through `pacer`, retrying what is transient. */
export async function getPage(
  ctx: RequestContext, pacer: Pacer, path: string, query: URLSearchParams, signal?: AbortSignal, envelope?: 'data' | 'object',
): Promise<Page> {
  const qs = query.toString();
  const where = ctx.redact(qs === '' ? path : `${path}?${qs}`);
  const url = `${ctx.baseUrl}${path}${qs === '' ? '' : `?${qs}`}`;
  for (let n = 0; ; n++) {
    await pacer.take(signal);
    ctx.emit({ type: 'request', where, attempt: n });
    ctx.state.requests++;
    for (let c = ctx.call; c !== undefined; c = c.outer) c.requests++;
    const t0 = performance.now();
    const r = await attempt(url, { dispatcher: ctx.dispatcher, apiKey: ctx.apiKey, timeoutMs: ctx.timeoutMs, signal, envelope });
    if (r.kind === 'ok') {
      ctx.state.bytes += r.bytes;
      ctx.state.streak429 = 0;
      ctx.emit({ type: 'response', where, status: r.status, ms: performance.now() - t0, rows: r.data.length, bytes: r.bytes });
      return { data: r.data, paginationKey: r.paginationKey };
    }
    if (r.kind === 'bad') {
      throw redacted(new JQuantsError('bad-response', `J-Quants sent ${r.detail} for ${where}; is JQUANTS_API_BASE_URL (${ctx.baseUrl}) the V2 API?`, { where }), ctx);
    }
    if (r.kind === 'status') {
      ctx.emit({ type: 'response', where, status: r.status, ms: performance.now() - t0, rows: 0, bytes: r.bytes });
      if (!RETRY_STATUS.has(r.status)) throw redacted(statusError(r.status, r.message, { where, plan: ctx.plan, baseUrl: ctx.baseUrl }), ctx);
    }
    const retryAfterMs = r.kind === 'status' ? parseRetryAfter(r.retryAfter, Date.now()) : null;
    if (r.kind === 'status' && r.status === 429) ctx.state.streak429++;
    if (n >= ctx.retries || (retryAfterMs !== null && retryAfterMs > ctx.maxRetryAfterMs)) {
      if (r.kind === 'status') throw redacted(statusError(r.status, r.message, { where, plan: ctx.plan, baseUrl: ctx.baseUrl }), ctx);
      throw redacted(new JQuantsError('network', `Could not reach J-Quants for ${where} after ${n + 1} attempt(s): ${r.detail}. `
        + `Check the network and JQUANTS_API_BASE_URL (${ctx.baseUrl}).`, { where, cause: r.cause }), ctx);
    }
    let delay = retryAfterMs ?? backoffDelay(n, ctx.retryDelayMs, ctx.maxRetryDelayMs, ctx.random);
    const is429 = r.kind === 'status' && r.status === 429;
    if (is429 && retryAfterMs === null && ctx.state.streak429 >= ctx.lockoutAfter) delay = Math.max(delay, ctx.lockoutMs);
    // A 429 is about the key, not this request: hold every request back, not just this one.
    if (is429) pacer.pause(delay);
    const reason = r.kind === 'status' ? `HTTP ${r.status}` : ctx.redact(r.detail);
    ctx.emit({ type: 'retry', where, attempt: n + 1, delayMs: delay, reason, retryAfter: retryAfterMs !== null });
    ctx.state.retries++;
    await sleep(delay, undefined, { signal });
  }
}

function redacted(e: JQuantsError, ctx: RequestContext): JQuantsError {
  e.message = ctx.redact(e.message);
  return e;
}
