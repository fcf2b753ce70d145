/** Reading the golden CSV fixtures (plain comma-separated, header first, empty cell = null). */
import { readFileSync } from 'node:fs';

/** The rows of a CSV file as objects of strings. */
export function readCsv(path: string | URL): Record<string, string>[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** A cell as a number, NaN for an empty (null) cell. */
export function cell(v: string | undefined): number {
  return v === undefined || v === '' ? Number.NaN : Number(v);
}
