/** Deterministic numbers for synthetic records: a 32-bit integer hash of a few integers, never Math.random. */

/** A hash of the integers in [0, 2^32). */
export function hashInts(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h >>> 0;
}

/** A hash of the integers as a number in [0, 1). */
export function unit(...xs: number[]): number {
  return hashInts(...xs) / 4294967296;
}
