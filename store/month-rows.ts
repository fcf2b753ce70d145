/**
 * The rows of one month partition: the incoming rows upserted over the partition's existing rows by (Code, Date),
 * in (Code, Date) order, as writer columns over shared memory (so the encoding workers read them without a copy).
 * Columns a source lacks are null.
 */
import { sharedF64, sharedI32 } from '../engine/shared.ts';
import type { OutColumn } from '../io/columns.ts';
import { monthEnd, monthStart } from './month.ts';
import type { StoreTable } from './table.ts';

/** Rows `rows` of table `t`: the incoming rows of a month. */
export type Incoming = { t: StoreTable; rows: Int32Array };

export type MonthColumns = { cols: OutColumn[]; rows: number; codes: number; from: number; to: number };

/** Writer columns of a month: Code, Date, then `columns` (DOUBLE). `existing` is the partition as stored, if any. */
export function monthColumns(month: number, incoming: Incoming, existing: StoreTable | undefined, columns: readonly string[]): MonthColumns {
  return (existing === undefined ? inPlace(month, incoming, columns) : undefined) ?? merged(month, incoming, existing, columns);
}

/**
 * The month's columns as views of the table's own shared arrays, when nothing is stored for the month and the
 * incoming rows are one run of the table already in (Code, Date) order, each (Code, Date) once; else undefined.
 * The values are the same as `merged` gives; only the copy is saved.
 */
function inPlace(month: number, incoming: Incoming, columns: readonly string[]): MonthColumns | undefined {
  const { t, rows } = incoming;
  const n = rows.length;
  if (n === 0) return undefined;
  const s = rows[0]!;
  if (rows[n - 1] !== s + n - 1 || !isShared(t.date)) return undefined;
  for (let i = 1; i < n; i++) if (rows[i] !== s + i) return undefined;
  const first = monthStart(month);
  const last = monthEnd(month);
  const used = new Uint8Array(t.codes.length);
  for (let r = s; r < s + n; r++) used[t.code[r]!] = 1;
  const dict: string[] = [];
  for (let k = 0; k < used.length; k++) if (used[k] === 1) dict.push(t.codes[k]!);
  dict.sort();
  const at = new Map(dict.map((c, k) => [c, k]));
  const rank = new Int32Array(t.codes.length).fill(-1);
  for (let k = 0; k < used.length; k++) if (used[k] === 1) rank[k] = at.get(t.codes[k]!)!;
  const code = sharedI32(n);
  let prevCode = -1;
  let prevDate = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const c = rank[t.code[s + i]!]!;
    const d = t.date[s + i]!;
    if (d < first || d > last || c < prevCode || (c === prevCode && d <= prevDate)) return undefined;
    code[i] = c;
    prevCode = c;
    prevDate = d;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const cols: OutColumn[] = [
    { name: 'Code', kind: 'dict', indices: code, dictionary: dict },
    { name: 'Date', kind: 'date', values: t.date.subarray(s, s + n) },
  ];
  for (const name of columns) {
    const a = t.columns[name];
    cols.push({ name, kind: 'f64', values: a === undefined ? sharedF64(n) : isShared(a) ? a.subarray(s, s + n) : sharedF64From(a.subarray(s, s + n)) });
  }
  return { cols, rows: n, codes: dict.length, from: lo, to: hi };
}

/** The incoming rows upserted over the existing ones, slot by slot of (Code, day of the month), copied. */
function merged(month: number, incoming: Incoming, existing: StoreTable | undefined, columns: readonly string[]): MonthColumns {
  const first = monthStart(month);
  const span = monthEnd(month) - first + 1;
  const set = new Set<string>();
  for (const r of incoming.rows) set.add(incoming.t.codes[incoming.t.code[r]!]!);
  if (existing !== undefined) for (const c of existing.codes) set.add(c);
  const dict = [...set].sort();
  const at = new Map(dict.map((c, k) => [c, k]));
  const slots = dict.length * span;
  const src = new Uint8Array(slots); // 0 none, 1 incoming, 2 existing
  const row = new Int32Array(slots);
  const place = (t: StoreTable, r: number, s: number): void => {
    const k = at.get(t.codes[t.code[r]!]!)! * span + (t.date[r]! - first);
    src[k] = s;
    row[k] = r;
  };
  if (existing !== undefined) for (let r = 0; r < existing.rows; r++) if (existing.date[r]! >= first && existing.date[r]! < first + span) place(existing, r, 2);
  for (const r of incoming.rows) place(incoming.t, r, 1);
  let n = 0;
  for (let k = 0; k < slots; k++) if (src[k] !== 0) n++;
  const code = sharedI32(n);
  const date = sharedI32(n);
  const pick = new Int32Array(n);
  const from = new Uint8Array(n);
  let codesSeen = 0;
  let lastCode = -1;
  let i = 0;
  for (let k = 0; k < slots; k++) {
    if (src[k] === 0) continue;
    const c = Math.floor(k / span);
    if (c !== lastCode) { codesSeen++; lastCode = c; }
    code[i] = c;
    date[i] = first + (k - c * span);
    pick[i] = row[k]!;
    from[i] = src[k]!;
    i++;
  }
  const cols: OutColumn[] = [
    { name: 'Code', kind: 'dict', indices: code, dictionary: dict },
    { name: 'Date', kind: 'date', values: date },
  ];
  for (const name of columns) {
    const a = incoming.t.columns[name];
    const b = existing?.columns[name];
    const out = sharedF64(n);
    for (let j = 0; j < n; j++) {
      const v = from[j] === 1 ? a : b;
      if (v !== undefined) out[j] = v[pick[j]!]!;
    }
    cols.push({ name, kind: 'f64', values: out });
  }
  return { cols, rows: n, codes: codesSeen, from: n === 0 ? first : extreme(date, -1), to: n === 0 ? first : extreme(date, 1) };
}

function isShared(a: Int32Array | Float64Array): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}

function sharedF64From(a: Float64Array): Float64Array {
  const out = sharedF64(a.length, 0);
  out.set(a);
  return out;
}

/** The largest (sign 1) or smallest (sign -1) value. */
function extreme(a: Int32Array, sign: 1 | -1): number {
  let m = a[0]!;
  for (const v of a) if ((v - m) * sign > 0) m = v;
  return m;
}
