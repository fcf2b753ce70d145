/**
 * Which cached piece speaks for a (code, day). A final piece wins (a per-day piece first, then a per-code
 * piece); with none final, the most recently fetched piece that asked for the day gives the freshest
 * not-yet-final data. Each (code, day) has exactly one owner, so overlapping pieces never duplicate rows.
 */
import { contains, isFinalOn, type Piece } from './cache/piece.ts';

/** The owner of `day` among a per-day piece (every code) and the pieces of one series, or undefined. */
export function ownerOf(dayPiece: Piece | undefined, seriesPieces: readonly Piece[], day: number): Piece | undefined {
  if (dayPiece !== undefined && isFinalOn(dayPiece, day)) return dayPiece;
  let best = dayPiece !== undefined && contains(dayPiece, day) ? dayPiece : undefined;
  for (const p of seriesPieces) {
    if (!contains(p, day)) continue;
    if (day <= p.finalThrough) return p;
    if (best === undefined || p.fetchedAt > best.fetchedAt) best = p;
  }
  return best;
}

/** True when final cached data exists for `day` in the per-day piece or one of the series' pieces. */
export function isCovered(dayPiece: Piece | undefined, seriesPieces: readonly Piece[], day: number): boolean {
  if (dayPiece !== undefined && isFinalOn(dayPiece, day)) return true;
  for (const p of seriesPieces) if (isFinalOn(p, day)) return true;
  return false;
}
