/**
 * The agreement check of the peer bench: reads two tools' output Parquet files back (with gq's own reader), lines
 * their rows up by (Code, Date), and compares every column both hold. Floats agree when
 * |a - b| <= 1e-9 * max(|ref|, mean |ref| over the column) (features.md's tolerance with its absolute floor) and
 * nulls sit on the same rows; flags must be equal.
 */
import { parquetColumnNames, readParquetColumns, type ParquetColumns, type ReadColumn } from '../../io/source/parquet-columns.ts';

export type ColumnCheck = {
  column: string;
  /** Rows outside the tolerance, nulls on one side only included. */
  bad: number;
  /** Rows null on one side and not on the other. */
  nullMismatch: number;
  /** Largest |a - b| / max(|ref|, floor) over the rows (0 for flags). */
  worst: number;
  /** The first bad row, for the report. */
  example?: string;
};

export type AgreementReport = { ok: boolean; rows: number; checked: ColumnCheck[]; missing: string[] };

/** Compares `columns` of `otherPath` against the reference file `refPath`, row by row after ordering both by (Code, Date). */
export async function compareOutputs(refPath: string, otherPath: string, columns: readonly string[], rel = 1e-9): Promise<AgreementReport> {
  const ref = await readKeys(refPath);
  const other = await readKeys(otherPath);
  if (ref.rows !== other.rows) throw new Error(`agreement: ${refPath} has ${ref.rows} rows, ${otherPath} has ${other.rows}`);
  for (let i = 0; i < ref.rows; i++) {
    const a = ref.order[i]!;
    const b = other.order[i]!;
    if (ref.code[a] !== other.code[b] || ref.date[a] !== other.date[b]) {
      throw new Error(`agreement: row ${i} in (Code, Date) order is ${ref.code[a]} ${ref.date[a]} in ${refPath} but ${other.code[b]} ${other.date[b]} in ${otherPath}`);
    }
  }
  const checked: ColumnCheck[] = [];
  const missing: string[] = [];
  const names = new Set(other.names);
  for (const name of columns) {
    if (!names.has(name)) { missing.push(name); continue; }
    // One column at a time, so a large output is never whole in memory.
    const a = (await readParquetColumns(refPath, [name])).columns[name]!;
    const b = (await readParquetColumns(otherPath, [name])).columns[name]!;
    checked.push(compareColumn(name, a, b, ref, other, rel));
  }
  return { ok: checked.every((c) => c.bad === 0), rows: ref.rows, checked, missing };
}

type Keys = { rows: number; code: string[]; date: Int32Array; order: Uint32Array; names: string[] };

/** Code strings, dates and the (Code, Date) row order of a file. */
async function readKeys(path: string): Promise<Keys> {
  const t: ParquetColumns = await readParquetColumns(path, ['Code', 'Date']);
  const c = t.columns.Code!;
  const d = t.columns.Date!;
  if (c.kind !== 'dict' || d.kind !== 'i32') throw new Error(`agreement: ${path} has Code ${c.kind} and Date ${d.kind}; expected strings and dates`);
  const code = Array.from(c.indices, (k) => c.dictionary[k]!);
  const ranks = new Map([...new Set(c.dictionary)].sort().map((s, k) => [s, k]));
  const rank = Int32Array.from(c.dictionary, (s) => ranks.get(s)!);
  const key = new Float64Array(t.rows);
  for (let i = 0; i < t.rows; i++) key[i] = rank[c.indices[i]!]! * 2 ** 24 + d.values[i]!;
  const order = new Uint32Array(t.rows);
  for (let i = 0; i < t.rows; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < t.rows && sorted; i++) if (key[i]! < key[i - 1]!) sorted = false;
  if (!sorted) order.sort((x, y) => key[x]! - key[y]!);
  return { rows: t.rows, code, date: d.values, order, names: await parquetColumnNames(path) };
}

function valuesOf(c: ReadColumn): ArrayLike<number> {
  return c.kind === 'dict' ? c.indices : c.values;
}

function compareColumn(name: string, a: ReadColumn, b: ReadColumn, ka: Keys, kb: Keys, rel: number): ColumnCheck {
  const check: ColumnCheck = { column: name, bad: 0, nullMismatch: 0, worst: 0 };
  const va = valuesOf(a);
  const vb = valuesOf(b);
  const n = ka.rows;
  const exact = a.kind !== 'f64' || b.kind !== 'f64';
  let floor = 0;
  if (!exact) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) { const v = va[i]!; if (v === v) { sum += Math.abs(v); count++; } }
    floor = count > 0 ? sum / count : 0;
  }
  for (let i = 0; i < n; i++) {
    const x = va[ka.order[i]!]!;
    const y = vb[kb.order[i]!]!;
    let bad = false;
    if (exact) bad = x !== y;
    else if (x !== x || y !== y) {
      bad = (x !== x) !== (y !== y);
      if (bad) check.nullMismatch++;
    } else {
      const scale = Math.max(Math.abs(x), floor);
      const err = scale > 0 ? Math.abs(x - y) / scale : Math.abs(x - y);
      if (err > check.worst) check.worst = err;
      bad = err > rel;
    }
    if (bad) {
      check.bad++;
      if (check.example === undefined) check.example = `${ka.code[ka.order[i]!]} day ${ka.date[ka.order[i]!]}: ${x} vs ${y}`;
    }
  }
  return check;
}
