/** A copy of the rows of RawBars that a mask keeps, in the same order. */
import type { RawBars } from './raw-bars.ts';

const F64 = ['open', 'high', 'low', 'close', 'volume', 'turnover', 'adjFactor', 'adjOpen', 'adjHigh', 'adjLow', 'adjClose', 'adjVolume'] as const;

/** The kept rows (mask[i] === 1) as a new RawBars; the code dictionary is shared. */
export function subsetRaw(raw: RawBars, mask: Uint8Array): RawBars {
  let n = 0;
  for (let i = 0; i < raw.rows; i++) n += mask[i]!;
  if (n === raw.rows) return raw;
  const idx = new Int32Array(n);
  for (let i = 0, j = 0; i < raw.rows; i++) if (mask[i] === 1) idx[j++] = i;
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as { new (n: number): T })(n);
    for (let j = 0; j < n; j++) out[j] = a[idx[j]!]!;
    return out;
  };
  const out: RawBars = {
    rows: n, codes: raw.codes, code: pick(raw.code), date: pick(raw.date),
    open: pick(raw.open), high: pick(raw.high), low: pick(raw.low), close: pick(raw.close), volume: pick(raw.volume),
    turnover: pick(raw.turnover), adjFactor: pick(raw.adjFactor), upperLimit: pick(raw.upperLimit), lowerLimit: pick(raw.lowerLimit),
  };
  for (const k of F64) {
    const a = raw[k];
    if (a !== undefined && out[k] === undefined) out[k] = pick(a);
  }
  if (raw.received !== undefined) {
    for (let j = 0; j < n; j++) {
      const t = raw.received.get(idx[j]!);
      if (t !== undefined) (out.received ??= new Map()).set(j, t);
    }
  }
  return out;
}
