/**
 * RawBars from an apache-arrow Table in J-Quants V2 field names (Date, Code, O, H, L, C, UL, LL, Vo, Va, AdjFactor,
 * optionally AdjO..AdjVo). Float64 columns without nulls are viewed, not copied; nulls become NaN.
 */
import { DataType, type Table, type Vector } from 'apache-arrow';
import { flagOf, type RawBars } from './raw-bars.ts';

const MS_PER_DAY = 86_400_000;

/** The table's bars as RawBars; a missing required column is an error naming it. */
export function rawBarsFromArrow(table: Table): RawBars {
  const n = table.numRows;
  const need = (name: string): Vector => {
    const v = table.getChild(name);
    if (v === null) throw new Error(`Arrow table: no column "${name}" (J-Quants V2 names expected: Date, Code, O, H, L, C, Vo, Va, AdjFactor)`);
    return v;
  };
  const { codes, code } = codesOf(need('Code'), n);
  const raw: RawBars = {
    rows: n, codes, code, date: daysOf(need('Date'), n),
    open: floats(need('O'), n), high: floats(need('H'), n), low: floats(need('L'), n), close: floats(need('C'), n),
    volume: floats(need('Vo'), n), turnover: floats(need('Va'), n),
    adjFactor: floats(need('AdjFactor'), n, 1),
    upperLimit: flags(table.getChild('UL'), n), lowerLimit: flags(table.getChild('LL'), n),
  };
  if (table.getChild('AdjC') !== null) {
    raw.adjOpen = floats(need('AdjO'), n); raw.adjHigh = floats(need('AdjH'), n); raw.adjLow = floats(need('AdjL'), n);
    raw.adjClose = floats(need('AdjC'), n); raw.adjVolume = floats(need('AdjVo'), n);
  }
  return raw;
}

/** A numeric column as Float64 with NaN (or `nullAs`) for nulls; a single null-free Float64 chunk is viewed. */
function floats(v: Vector, n: number, nullAs = Number.NaN): Float64Array {
  if (v.data.length === 1 && v.nullCount === 0 && DataType.isFloat(v.type) && v.data[0]!.values instanceof Float64Array) {
    return v.data[0]!.values.subarray(0, n);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = v.get(i);
    out[i] = x === null || x === undefined ? nullAs : Number(x);
  }
  return out;
}

/** Dates (DateDay, DateMillisecond, Timestamp or ISO strings) as days since the epoch. */
function daysOf(v: Vector, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = v.get(i) as unknown;
    const ms = typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : x instanceof Date ? x.getTime() : Date.parse(`${String(x)}T00:00:00Z`);
    if (!Number.isFinite(ms)) throw new Error(`Arrow table: Date at row ${i} is not a date (${String(x)})`);
    out[i] = Math.floor(ms / MS_PER_DAY);
  }
  return out;
}

function codesOf(v: Vector, n: number): { codes: string[]; code: Int32Array } {
  const codes: string[] = [];
  const index = new Map<string, number>();
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = String(v.get(i));
    let k = index.get(s);
    if (k === undefined) { k = codes.length; codes.push(s); index.set(s, k); }
    code[i] = k;
  }
  return { codes, code };
}

/** UL/LL as 0/1 ("1", 1 or true is 1); absent columns are all 0. */
function flags(v: Vector | null, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (v === null) return out;
  for (let i = 0; i < n; i++) {
    const x = v.get(i) as unknown;
    out[i] = flagOf(x);
  }
  return out;
}
