/**
 * Sector-relative features (families.md §5; per-date pass, universe-dependent). A code's sector is its S33 as of
 * the date (`sector`, -1 or 9999 = none: all 9 columns null, nobody's peer). Peers are the other traded codes of the
 * sector on that date, weighted equally, leave-one-out; a mean needs >= 3 peers with a value.
 */
import type { DateSegment, FeatureDef } from './feature-def.ts';

const NONE = 9999;
const HORIZONS = [1, 5, 20] as const;

/** True when s is a sector (not null, not その他). */
function hasSector(s: number): boolean {
  return s >= 0 && s !== NONE;
}

/**
 * For each row of one date: the sum and count of x over the traded codes of its sector (x non-null), and optionally
 * the count of x > 0. `sum`, `cnt`, `pos` are per-sector accumulators indexed by S33 (reset after use).
 */
type Acc = { sum: Float64Array; cnt: Int32Array; pos: Int32Array; members: Int32Array };

const ACC: Acc = { sum: new Float64Array(NONE + 1), cnt: new Int32Array(NONE + 1), pos: new Int32Array(NONE + 1), members: new Int32Array(NONE + 1) };

/** Accumulates x over the traded rows of one date by sector. */
function accumulate(g: DateSegment, lo: number, hi: number, x: Float64Array | undefined): void {
  for (let k = lo; k < hi; k++) {
    const r = g.rows[k]!;
    const s = g.sector[r]!;
    if (!hasSector(s) || g.traded[r] !== 1) continue;
    ACC.members[s]!++;
    if (x === undefined) continue;
    const v = x[r]!;
    if (v !== v) continue;
    ACC.sum[s]! += v;
    ACC.cnt[s]!++;
    if (v > 0) ACC.pos[s]!++;
  }
}

function reset(g: DateSegment, lo: number, hi: number): void {
  for (let k = lo; k < hi; k++) {
    const s = g.sector[g.rows[k]!]!;
    if (s >= 0 && s <= NONE) { ACC.sum[s] = 0; ACC.cnt[s] = 0; ACC.pos[s] = 0; ACC.members[s] = 0; }
  }
}

const meanOf = (sum: number, cnt: number): number => (cnt >= 3 ? sum / cnt : Number.NaN);

/** What perDate writes at a row, from the leave-one-out sector sum and count of x, positives and members. */
const MEAN = 0; // m = sum / cnt (>= 3 peers)
const REL = 1; // x - m
const REL_VOL = 2; // x / m (null when m = 0)
const BREADTH = 3; // pos / cnt (>= 3 peers)
const MEMBERS = 4; // traded members, the row included

/**
 * Writes one sector column at every row of the dates. `what` is one of the constants above: a switch in the loop
 * rather than a callback per column, so the row loop stays monomorphic.
 */
function perDate(g: DateSegment, out: Float64Array, input: string | undefined, what: number): void {
  const x = input === undefined ? undefined : g.col[input]!;
  for (let d = g.dLo; d < g.dHi; d++) {
    const lo = g.offsets[d]!;
    const hi = g.offsets[d + 1]!;
    accumulate(g, lo, hi, x);
    for (let k = lo; k < hi; k++) {
      const r = g.rows[k]!;
      const s = g.sector[r]!;
      if (!hasSector(s)) { out[r] = Number.NaN; continue; }
      let sum = ACC.sum[s]!;
      let cnt = ACC.cnt[s]!;
      let pos = ACC.pos[s]!;
      const v = x === undefined ? Number.NaN : x[r]!;
      if (g.traded[r] === 1 && v === v) { sum -= v; cnt--; if (v > 0) pos--; } // leave one out
      let y: number;
      if (what === MEMBERS) y = ACC.members[s]!;
      else if (what === BREADTH) y = cnt >= 3 ? pos / cnt : Number.NaN;
      else {
        const m = meanOf(sum, cnt);
        y = what === MEAN ? m : what === REL ? v - m : m === 0 ? Number.NaN : v / m;
      }
      out[r] = y - y === 0 ? y : Number.NaN;
    }
    reset(g, lo, hi);
  }
}

function def(name: string, inputs: string[], firstValid: number, doc: string, computeDates: (g: DateSegment, out: Float64Array) => void): FeatureDef {
  return {
    name, family: 'sector', inputs, window: 1, firstValid, kind: 'f64', doc, pass: 'date', computeDates,
    compute: () => { throw new Error(`${name} runs in the per-date pass`); },
  };
}

/** The 9 sector columns, in the spec's order. */
export const SECTOR: FeatureDef[] = [
  ...HORIZONS.map((n) => def(`sec_ret_${n}d_eq_loo`, [`returns_${n}d`], 0, `mean of returns_${n}d over the sector's other traded codes (>= 3 with a value)`,
    (g, out) => perDate(g, out, `returns_${n}d`, MEAN))),
  ...HORIZONS.map((n) => def(`rel_to_sec_${n}d`, [`returns_${n}d`], n, `returns_${n}d - sec_ret_${n}d_eq_loo`,
    (g, out) => perDate(g, out, `returns_${n}d`, REL))),
  def('sec_rel_vol_20d', ['volatility_20d'], 20, 'volatility_20d / mean volatility_20d of the sector\'s other traded codes (>= 3 with a value)',
    (g, out) => perDate(g, out, 'volatility_20d', REL_VOL)),
  def('sec_breadth_1d', ['returns_1d'], 0, 'share of the sector\'s other traded codes with returns_1d > 0 (denominator >= 3)',
    (g, out) => perDate(g, out, 'returns_1d', BREADTH)),
  def('sec_member_cnt', [], 0, 'traded codes of the sector on the date, the code itself included when it traded',
    (g, out) => perDate(g, out, undefined, MEMBERS)),
];
