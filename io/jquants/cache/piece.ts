/** A piece of the raw cache: the records of one request (all its pages) for one endpoint and one day or code range. */
import type { EndpointName } from '../endpoints.ts';

export type Piece = {
  /** Unique within the cache: endpoint, series, from, to. */
  key: string;
  endpoint: EndpointName;
  /** `*` = every code (a per-day or range piece), else a code, or a fixed parameter such as a section. */
  series: string;
  /** Days since epoch, inclusive. A per-day piece has from === to. */
  from: number;
  to: number;
  /** Last day whose data in the piece was final when fetched (spec §5.5); below `from` when none was. */
  finalThrough: number;
  rows: number;
  /** Milliseconds since epoch. */
  fetchedAt: number;
  /** File path relative to the cache folder. */
  file: string;
};

/** The cache key of a piece. */
export function pieceKey(endpoint: EndpointName, series: string, from: number, to: number): string {
  return `${endpoint}|${series}|${from}|${to}`;
}

/** True when the piece holds final data for `day`. */
export function isFinalOn(p: Piece, day: number): boolean {
  return day >= p.from && day <= p.to && day <= p.finalThrough;
}

/** True when the piece's request covered `day` (final or not). */
export function contains(p: Piece, day: number): boolean {
  return day >= p.from && day <= p.to;
}
