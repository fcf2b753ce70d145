/**
 * Who may change things through the daemon's HTTP API (cancel, re-run, submit, backfill). With GQ_DAEMON_TOKEN set,
 * every write needs `Authorization: Bearer <token>`. Without it, writes are allowed only while the daemon listens on a
 * loopback address (the default); an exposed daemon (`--host 0.0.0.0`) without a token refuses them. A browser POST
 * from another site (an Origin that is not this daemon) is refused in any case, so a page on the web cannot press
 * the buttons of a daemon on localhost.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

export type WriteCheck = { ok: true } | { ok: false; status: 401 | 403; error: string };

/** Whether the write request `req` may go on, for a daemon bound to `host` with `token` (or none). */
export function checkWrite(req: IncomingMessage, host: string, token: string | undefined): WriteCheck {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost = '';
    try { originHost = new URL(origin).host; } catch { /* not a URL: refused below */ }
    if (originHost !== req.headers.host) return { ok: false, status: 403, error: `a write from another origin (${origin}) is refused` };
  }
  if (token !== undefined && token !== '') {
    const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, status: 401, error: 'this action needs the daemon token: send Authorization: Bearer <GQ_DAEMON_TOKEN>' };
    return { ok: true };
  }
  if (!isLoopback(host)) return { ok: false, status: 403, error: `the daemon listens on ${host}, not loopback: set GQ_DAEMON_TOKEN to allow write actions` };
  return { ok: true };
}
