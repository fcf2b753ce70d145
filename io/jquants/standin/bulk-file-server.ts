/**
 * The stand-in's file host: a second port that serves bulk files at signed, expiring URLs, like the object store
 * behind `/bulk/get`'s answer. A URL is `/files/<key>?expires=<ms>&signature=<hash>`; an expired one answers 403
 * (S3-style XML body), a wrong signature 403, a request carrying `x-api-key` 400 (the key must never travel to the
 * file host). `Range: bytes=N-` is honoured (206), so a cut download can resume. Faults, consumed one per download
 * request in order: `expired` (403 as if the URL had expired), `cut` (the full Content-Length, half the bytes,
 * then the connection closes), `truncated-gzip` (a complete 200 whose body is the first 60% of the gzip).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BulkStore } from './bulk-store.ts';
import { hashInts } from './hash.ts';

export type BulkFault = 'expired' | 'cut' | 'truncated-gzip';

export type BulkFileStats = {
  /** Download requests by status (`200`, `206`, `403`, `cut`, `truncated-gzip`, ...). */
  byStatus: Record<string, number>;
  downloads: number;
  /** Requests that carried a Range header. */
  ranged: number;
  /** Requests that carried x-api-key (must stay 0). */
  withApiKey: number;
  bytes: number;
};

export type BulkFileServer = {
  /** A signed URL for `key`, valid for the server's TTL from `now` (ms since epoch). */
  sign(key: string, now: number): string;
  stats: BulkFileStats;
  close(): Promise<void>;
};

export type BulkFileServerOptions = {
  store: BulkStore;
  host: string;
  /** URL lifetime. Default 300 s (spec §5.2: ~5 minutes). */
  ttlMs?: number;
  faults?: readonly BulkFault[];
  /** Clock in ms since epoch. Default Date.now. */
  now?: () => number;
};

const SECRET = 0x5eed;

/** Starts the file host on an ephemeral port. */
export async function startBulkFileServer(o: BulkFileServerOptions): Promise<BulkFileServer> {
  const ttl = o.ttlMs ?? 300_000;
  const now = o.now ?? Date.now;
  const faults = [...(o.faults ?? [])];
  const stats: BulkFileStats = { byStatus: {}, downloads: 0, ranged: 0, withApiKey: 0, bytes: 0 };
  const count = (s: string): void => { stats.byStatus[s] = (stats.byStatus[s] ?? 0) + 1; };
  const signature = (key: string, expires: number): string => hashInts(SECRET, expires % 2 ** 31, Math.floor(expires / 2 ** 31), ...Buffer.from(key)).toString(36);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.downloads++;
    const url = new URL(req.url ?? '/', 'http://files');
    const xml = (status: number, code: string, message: string): void => {
      count(String(status));
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    };
    if (req.headers['x-api-key'] !== undefined) {
      stats.withApiKey++;
      return xml(400, 'InvalidRequest', 'Unexpected x-api-key header on a signed URL.');
    }
    const key = decodeURIComponent(url.pathname.replace(/^\/files\//, ''));
    const expires = Number(url.searchParams.get('expires'));
    const f = o.store.file(key);
    if (f === undefined || !Number.isSafeInteger(expires) || url.searchParams.get('signature') !== signature(key, expires)) {
      return xml(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    const fault = faults.shift();
    if (fault === 'expired' || now() > expires) return xml(403, 'AccessDenied', 'Request has expired');
    const body = await o.store.bytes(f);
    const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
    if (req.headers.range !== undefined) stats.ranged++;
    const start = range === null ? 0 : Number(range[1]);
    if (start >= body.length && body.length > 0) {
      count('416');
      res.writeHead(416, { 'content-range': `bytes */${body.length}` });
      res.end();
      return;
    }
    const part = body.subarray(start);
    const headers: Record<string, string | number> = { 'content-type': 'application/gzip', 'accept-ranges': 'bytes' };
    if (fault === 'truncated-gzip') {
      const short = part.subarray(0, Math.floor(part.length * 0.6));
      count('truncated-gzip');
      stats.bytes += short.length;
      if (range !== null) headers['content-range'] = `bytes ${start}-${start + short.length - 1}/${body.length}`;
      res.writeHead(range === null ? 200 : 206, { ...headers, 'content-length': short.length });
      res.end(short);
      return;
    }
    const status = range === null ? 200 : 206;
    if (range !== null) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    headers['content-length'] = part.length;
    res.writeHead(status, headers);
    if (fault === 'cut') {
      count('cut');
      const half = part.subarray(0, Math.floor(part.length / 2));
      stats.bytes += half.length;
      res.write(half);
      setImmediate(() => res.socket?.destroy());
      return;
    }
    count(String(status));
    stats.bytes += part.length;
    res.end(part);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      count('500');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
      console.error('stand-in file host: handler failed:', err);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    sign(key, at) {
      const expires = at + ttl;
      return `http://${o.host}:${port}/files/${encodeURIComponent(key)}?expires=${expires}&signature=${signature(key, expires)}`;
    },
    stats,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
