/** The raw-cache interface shared by the disk cache and the in-memory one. */
import type { EndpointName } from '../endpoints.ts';
import type { Piece } from './piece.ts';
import type { RawBars } from '../../../engine/raw-bars.ts';
import type { RecordColumns } from './records-thread.ts';

export type NewPiece = Omit<Piece, 'key' | 'file' | 'rows'>;

export type RawCache = {
  /** Live pieces of an endpoint and series (in write order). */
  pieces(endpoint: EndpointName, series: string): readonly Piece[];
  /** Every series of an endpoint that has pieces. */
  series(endpoint: EndpointName): readonly string[];
  /** The records of a piece; with `fields`, each holds only those of them it has. */
  read(p: Piece, fields?: readonly string[]): Promise<Record<string, unknown>[]>;
  /**
   * Stores the records of one request as a piece (replacing a piece with the same key) and drops older
   * pieces of the same series whose range it contains and that are no more final than it.
   */
  write(meta: NewPiece, records: readonly Record<string, unknown>[], query: string): Promise<Piece>;
  /** The columns sidecar of a daily-bars piece, or null when there is none for this fetch of it. */
  readColumns(p: Piece): Promise<RawBars | null>;
  /**
   * Runs `use` over the columns sidecar of a piece and says whether there was one for this fetch of it. The columns
   * may be views of a buffer the cache reuses: they are valid only while `use` runs (it copies what it keeps).
   */
  useColumns(p: Piece, use: (raw: RawBars) => void): Promise<boolean>;
  /**
   * Daily bars of cached pieces in the given order, each giving its rows dated on its `days` within [from, to],
   * assembled on another thread (a disk cache only; `expect` is the pieces' total rows). Rejects when a piece
   * cannot be read.
   */
  assembleColumns?(parts: readonly { piece: Piece; days: number[] }[], from: number, to: number, expect: number): Promise<{ bars: RawBars; kept: number }>;
  /**
   * The `fields` of the records of many pieces, read on another thread as columns (a disk cache only; records-thread.ts).
   * Rejects when a piece cannot be read or a wanted value is an object.
   */
  readRecordColumns?(pieces: readonly Piece[], fields: readonly string[]): Promise<RecordColumns>;
  /** Stores the columns sidecar of a piece (derived data: losing it only costs a JSON parse). */
  writeColumns(p: Piece, raw: RawBars): Promise<void>;
  /** Flushes and compacts the manifest. */
  close(): Promise<void>;
};
