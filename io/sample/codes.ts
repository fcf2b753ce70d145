import type { Prng } from './prng.ts';

/** Letters TSE uses in alphanumeric codes (no B, E, I, O, Q, V, Z). */
const LETTERS = 'ACDFGHJKLMNPRSTUWXY';

/** `n` distinct 5-character J-Quants codes, ascending, about 2% of them alphanumeric (e.g. `130A0`). */
export function makeCodes(n: number, rng: Prng): string[] {
  if (n > 8000) throw new Error(`sample market: at most 8000 codes, asked for ${n}`);
  const seen = new Set<string>();
  while (seen.size < n) {
    let code: string;
    if (rng.next() < 0.02) {
      const second = rng.next() < 0.5 ? String(rng.int(0, 10)) : LETTERS[rng.int(0, LETTERS.length)]!;
      code = `${rng.int(1, 10)}${second}${rng.int(0, 10)}${LETTERS[rng.int(0, LETTERS.length)]}0`;
    } else {
      code = `${rng.int(1300, 10000)}0`;
    }
    seen.add(code);
  }
  return [...seen].sort();
}
