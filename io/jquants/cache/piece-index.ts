/** The live pieces of a cache, by endpoint and series, with the supersede rule applied on every add. */
import type { EndpointName } from '../endpoints.ts';
import type { Piece } from './piece.ts';

/** Live pieces by key and by (endpoint, series). */
export class PieceIndex {
  private readonly byKey = new Map<string, Piece>();
  private readonly bySeries = new Map<string, Piece[]>();

  /** Live pieces of one endpoint and series. */
  pieces(endpoint: EndpointName, series: string): readonly Piece[] {
    return this.bySeries.get(`${endpoint}|${series}`) ?? [];
  }

  /** Series of an endpoint that have pieces. */
  series(endpoint: EndpointName): string[] {
    const out: string[] = [];
    const prefix = `${endpoint}|`;
    for (const [k, list] of this.bySeries) if (k.startsWith(prefix) && list.length > 0) out.push(k.slice(prefix.length));
    return out;
  }

  /** All live pieces. */
  all(): IterableIterator<Piece> {
    return this.byKey.values();
  }

  /** Number of live pieces. */
  get size(): number {
    return this.byKey.size;
  }

  /**
   * Adds or replaces `p`; returns the pieces it made redundant (same key, or same series with a range inside
   * p's and no more final than p), which the caller deletes.
   */
  add(p: Piece): Piece[] {
    const sk = `${p.endpoint}|${p.series}`;
    const list = this.bySeries.get(sk) ?? [];
    const dropped: Piece[] = [];
    const kept: Piece[] = [];
    for (const q of list) {
      const redundant = q.key === p.key
        || (q.from >= p.from && q.to <= p.to && Math.min(q.finalThrough, q.to) <= Math.min(p.finalThrough, p.to));
      if (redundant) {
        this.byKey.delete(q.key);
        if (q.key !== p.key || q.file !== p.file) dropped.push(q);
      } else kept.push(q);
    }
    kept.push(p);
    this.bySeries.set(sk, kept);
    this.byKey.set(p.key, p);
    return dropped;
  }

  /** Removes a piece by key. */
  remove(key: string): void {
    const p = this.byKey.get(key);
    if (p === undefined) return;
    this.byKey.delete(key);
    const sk = `${p.endpoint}|${p.series}`;
    const list = this.bySeries.get(sk);
    if (list !== undefined) this.bySeries.set(sk, list.filter((q) => q.key !== key));
  }
}
