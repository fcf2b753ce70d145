/** A raw cache that lives in memory only, for clients without a cache folder: a client never refetches a final piece. */
import type { EndpointName } from '../endpoints.ts';
import type { NewPiece, RawCache } from './cache.ts';
import { pieceKey, type Piece } from './piece.ts';
import { PieceIndex } from './piece-index.ts';
import { project } from './project.ts';
import type { RawBars } from '../../../engine/raw-bars.ts';

/** An empty in-memory raw cache. */
export function memoryCache(): RawCache {
  const index = new PieceIndex();
  const data = new Map<string, Record<string, unknown>[]>();
  const columns = new Map<string, RawBars>();
  return {
    pieces: (e: EndpointName, s: string) => index.pieces(e, s),
    series: (e: EndpointName) => index.series(e),
    read: (p: Piece, fields?: readonly string[]) => {
      const recs = data.get(p.key) ?? [];
      return Promise.resolve(fields === undefined ? recs : project(recs, fields));
    },
    write(meta: NewPiece, records: readonly Record<string, unknown>[]): Promise<Piece> {
      const key = pieceKey(meta.endpoint, meta.series, meta.from, meta.to);
      const p: Piece = { ...meta, key, file: '', rows: records.length };
      for (const old of index.add(p)) { data.delete(old.key); columns.delete(old.key); }
      columns.delete(key);
      data.set(key, records.slice());
      return Promise.resolve(p);
    },
    readColumns: (p: Piece) => Promise.resolve(columns.get(p.key) ?? null),
    useColumns(p: Piece, use: (raw: RawBars) => void): Promise<boolean> {
      const raw = columns.get(p.key);
      if (raw !== undefined) use(raw);
      return Promise.resolve(raw !== undefined);
    },
    writeColumns: (p: Piece, raw: RawBars) => { columns.set(p.key, raw); return Promise.resolve(); },
    close: () => Promise.resolve(),
  };
}
