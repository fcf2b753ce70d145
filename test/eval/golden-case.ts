/** The golden case of fixtures/eval (made by make_reference.py): its CSV as a Parquet dataset, and a tolerance check. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { OutColumn } from '../../io/columns.ts';
import { writeParquet } from '../../io/parquet/write-parquet.ts';

const DIR = new URL('../../fixtures/eval/case/', import.meta.url);

/** The expected values, as the Python reference wrote them (null = undefined). */
export function expected(): any {
  return JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8'));
}

/** Writes the case's input.csv as a Parquet dataset in a fresh temp folder; returns its path. */
export async function goldenParquet(): Promise<string> {
  const [head, ...lines] = readFileSync(new URL('input.csv', DIR), 'utf8').trimEnd().split('\n');
  const names = head!.split(',');
  const codes: string[] = [];
  const codeIx = new Map<string, number>();
  const code = new Int32Array(lines.length);
  const date = new Int32Array(lines.length);
  const nums = names.slice(2).map(() => new Float64Array(lines.length));
  lines.forEach((line, i) => {
    const cells = line.split(',');
    let k = codeIx.get(cells[0]!);
    if (k === undefined) { k = codes.length; codes.push(cells[0]!); codeIx.set(cells[0]!, k); }
    code[i] = k;
    date[i] = Date.parse(`${cells[1]}T00:00:00Z`) / 86_400_000;
    for (let c = 2; c < cells.length; c++) nums[c - 2]![i] = cells[c] === '' ? Number.NaN : Number(cells[c]);
  });
  const columns: OutColumn[] = [
    { name: 'Code', kind: 'dict', indices: code, dictionary: codes },
    { name: 'Date', kind: 'date', values: date },
    ...names.slice(2).map((name, c): OutColumn => ({ name, kind: 'f64', values: nums[c]! })),
  ];
  const path = join(mkdtempSync(join(tmpdir(), 'gq-eval-')), 'dataset.parquet');
  await writeParquet(path, columns, { direct: false });
  return path;
}

/** Values listed in the CSV's row order, put in the row order of `table` (matched on Code and Date). */
export function inTableOrder<T>(values: readonly T[], table: { rows: number; code: Int32Array; codes: string[]; date: Int32Array }): T[] {
  const [, ...lines] = readFileSync(new URL('input.csv', DIR), 'utf8').trimEnd().split('\n');
  const at = new Map(lines.map((l, i) => { const [c, d] = l.split(','); return [`${c}|${Date.parse(`${d}T00:00:00Z`) / 86_400_000}`, i]; }));
  return Array.from({ length: table.rows }, (_, i) => values[at.get(`${table.codes[table.code[i]!]}|${table.date[i]}`)!]!);
}

/**
 * Checks `actual` against `want` (null = NaN) at relative 1e-9 with an absolute floor of 1e-9 x the mean |value| of
 * the expected series (shared/spec/features.md); `what` names the series in a failure.
 */
export function expectClose(actual: ArrayLike<number>, want: readonly (number | null)[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(want.length);
  let abs = 0;
  let n = 0;
  for (const w of want) if (w !== null) { abs += Math.abs(w); n++; }
  const floor = n > 0 ? 1e-9 * (abs / n) : 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const a = actual[i]!;
    if (w === null) {
      if (a === a && a !== null) expect.fail(`${what}[${i}]: expected null, got ${a}`);
      continue;
    }
    if (!(Math.abs(a - w) <= Math.max(1e-9 * Math.abs(w), floor))) expect.fail(`${what}[${i}]: expected ${w}, got ${a}`);
  }
}
