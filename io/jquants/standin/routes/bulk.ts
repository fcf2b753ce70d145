/**
 * `/bulk/list?endpoint=/equities/bars/daily[&from=&to=]` → `{data: [{Key, LastModified, Size}]}` and
 * `/bulk/get?key=...` → `{url}` (spec §5.2; Light plan and up). The URL points at the stand-in's file host
 * (a second port) and expires after its TTL; ask for it right before downloading.
 */
import type { BulkFileServer } from '../bulk-file-server.ts';
import type { BulkStore } from '../bulk-store.ts';
import { dayParam, isBad } from '../params.ts';
import { arrayRows, bad, type Route } from './types.ts';

/** The two bulk routes over a store and a file host. */
export function bulkRoutes(store: BulkStore, files: () => BulkFileServer, now: () => number): Route[] {
  const list: Route = {
    path: '/bulk/list', window: 'light', finsCap: false,
    async handle(ctx) {
      const endpoint = ctx.q.get('endpoint');
      if (endpoint === null || endpoint === '') return bad("'endpoint' is required.");
      const from = dayParam(ctx.q, 'from');
      const to = dayParam(ctx.q, 'to');
      if (isBad(from)) return bad(from.message);
      if (isBad(to)) return bad(to.message);
      const out: object[] = [];
      for (const f of store.list(endpoint, from, to)) {
        out.push({ Key: f.key, LastModified: f.lastModified, Size: (await store.bytes(f)).length });
      }
      return { kind: 'data', rows: arrayRows(out), paginate: false };
    },
  };
  const get: Route = {
    path: '/bulk/get', window: 'light', finsCap: false,
    handle(ctx) {
      const key = ctx.q.get('key');
      if (key === null || key === '') return bad("'key' is required.");
      if (store.file(key) === undefined) return bad('The specified key does not exist.');
      return { kind: 'object', body: { url: files().sign(key, now()) } };
    },
  };
  return [list, get];
}
