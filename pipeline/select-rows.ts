/** A keep-mask over raw rows for the run's codes and fetch range, with unknown codes named. */
import type { RawBars } from '../engine/raw-bars.ts';
import { GqError } from './errors.ts';
import { existingCodesHint } from './unknown-codes.ts';

/** 1 for rows of the wanted codes inside [from, to]; throws naming any wanted code the source does not have. */
export function selectRows(raw: RawBars, from: number, to: number, codes?: readonly string[]): Uint8Array {
  const keep = new Uint8Array(raw.rows);
  let wantCode: Uint8Array | null = null;
  if (codes !== undefined && codes.length > 0) {
    wantCode = new Uint8Array(raw.codes.length);
    const index = new Map(raw.codes.map((c, i) => [c, i]));
    const unknown = codes.filter((c) => !index.has(c));
    if (unknown.length > 0) {
      const near = unknown.map((u) => raw.codes.find((c) => c.slice(0, 3) === u.slice(0, 3))).filter((c) => c !== undefined);
      throw new GqError('UNKNOWN_CODE', `unknown code${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: not in the source${near.length > 0 ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}; drop --codes for every code${existingCodesHint(raw.codes, 'The source has')}`);
    }
    for (const c of codes) wantCode[index.get(c)!] = 1;
  }
  for (let i = 0; i < raw.rows; i++) {
    const d = raw.date[i]!;
    keep[i] = d >= from && d <= to && (wantCode === null || wantCode[raw.code[i]!] === 1) ? 1 : 0;
  }
  return keep;
}
