/**
 * What tells the open status pages to refresh: a fingerprint of the state (run counts by status, the newest run, log
 * lines of running runs, materializations, sensor and schedule records), checked once a second while a page listens,
 * and sent as a server-sent event when it changes. The daemon's heartbeat is left out, so an idle daemon sends nothing.
 */
import type { ServerResponse } from 'node:http';
import type { State } from '../state/state.ts';

/** The fingerprint of what the page shows. */
export function stateFingerprint(state: State): string {
  const q = (sql: string): unknown => Object.values(state.db.prepare(sql).get() as Record<string, unknown>)[0];
  return [
    JSON.stringify(state.db.prepare('SELECT status, COUNT(*) AS n FROM runs GROUP BY status').all()),
    q('SELECT COALESCE(MAX(id), 0) FROM runs'),
    q(`SELECT COUNT(*) FROM run_logs WHERE run_id IN (SELECT id FROM runs WHERE status IN ('running', 'queued'))`),
    q(`SELECT COALESCE(MAX(ended_at), 0) FROM runs WHERE id > (SELECT COALESCE(MAX(id), 0) FROM runs) - 1000`),
    q('SELECT COALESCE(MAX(at), 0) FROM materializations'),
    q(`SELECT COALESCE(MAX(updated_at), 0) FROM kv WHERE key <> 'daemon'`),
    q('SELECT COALESCE(MAX(id), 0) FROM alerts'),
  ].join('|');
}

export type ChangeFeed = { add(res: ServerResponse): void; close(): void };

/** A feed of `change` events to every listening page. */
export function changeFeed(state: State, everyMs = 1000): ChangeFeed {
  const clients = new Set<ServerResponse>();
  let last = '';
  let beat = 0;
  const timer = setInterval(() => {
    if (clients.size === 0) return;
    let fp: string;
    try {
      fp = stateFingerprint(state);
    } catch {
      return; // the state is closing
    }
    beat++;
    if (fp !== last) {
      last = fp;
      for (const c of clients) c.write(`event: change\ndata: ${Date.now()}\n\n`);
    } else if (beat % 15 === 0) {
      for (const c of clients) c.write(': alive\n\n');
    }
  }, everyMs);
  timer.unref();
  return {
    add(res) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 2000\n\n');
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    close() {
      clearInterval(timer);
      for (const c of clients) c.end();
      clients.clear();
    },
  };
}
