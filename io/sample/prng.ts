/** A seeded pseudo-random generator (sfc32), so the sample market is the same on every machine. */
export type Prng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Student-t with `df` degrees of freedom, scaled to unit variance: fat tails for daily returns. */
  studentT(df: number): number;
  /** Integer in [lo, hi). */
  int(lo: number, hi: number): number;
};

/** A PRNG seeded from a 32-bit integer. */
export function makePrng(seed: number): Prng {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b);
  let c = 0xb7e15162;
  let d = 1;
  const u32 = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) u32(); // mix the seed through the state
  const next = (): number => u32() / 4294967296;
  let spare = Number.NaN;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = Number.NaN;
      return s;
    }
    let u = next();
    while (u === 0) u = next();
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * next();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
  const studentT = (df: number): number => {
    let chi = 0;
    for (let i = 0; i < df; i++) {
      const z = normal();
      chi += z * z;
    }
    return normal() / Math.sqrt(chi / df) / Math.sqrt(df / (df - 2));
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo));
  return { next, normal, studentT, int };
}
