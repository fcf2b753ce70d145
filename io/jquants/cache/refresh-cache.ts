/**
 * A view of the raw cache that hides the pieces of some endpoints, so a run refetches them (`gq run --update
 * prices topix`, e.g. after J-Quants corrected its data) while every other endpoint is still served from the cache.
 * New pieces are written through, replacing the old ones.
 */
import type { EndpointName } from '../endpoints.ts';
import type { RawCache } from './cache.ts';

/** `cache` with the pieces of `refresh` endpoints hidden until this view writes new ones. */
export function refreshingCache(cache: RawCache, refresh: readonly EndpointName[]): RawCache {
  const hidden = new Set(refresh);
  const fresh = new Set<string>();
  return {
    pieces: (e, series) => {
      if (!hidden.has(e)) return cache.pieces(e, series);
      const written = cache.pieces(e, series).filter((p) => fresh.has(p.key));
      return written;
    },
    series: (e) => cache.series(e),
    read: (p, fields) => cache.read(p, fields),
    readColumns: (p) => cache.readColumns(p),
    useColumns: (p, use) => cache.useColumns(p, use),
    writeColumns: (p, raw) => cache.writeColumns(p, raw),
    readRecordColumns: cache.readRecordColumns === undefined ? undefined : (pieces, fields) => cache.readRecordColumns!(pieces, fields),
    assembleColumns: cache.assembleColumns === undefined ? undefined : (parts, from, to, expect) => cache.assembleColumns!(parts, from, to, expect),
    async write(meta, records, query) {
      const p = await cache.write(meta, records, query);
      fresh.add(p.key);
      return p;
    },
    close: () => cache.close(),
  };
}
