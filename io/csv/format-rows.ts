/** CSV lines of a range of rows, formatted column by column in blocks so each formatter runs in a tight loop. */
import type { OutColumn } from '../columns.ts';
import { cellText } from './cell-text.ts';
import { quoteCell } from './quote.ts';

const BLOCK_ROWS = 1024;

/** The header line (with its newline). */
export function csvHeader(columns: readonly OutColumn[]): string {
  return columns.map((c) => quoteCell(c.name)).join(',') + '\n';
}

/** Rows [start, end) as CSV text, every line ending with a newline; '' for no rows. */
export function formatCsvRows(columns: readonly OutColumn[], start: number, end: number): string {
  const formatters = columns.map(cellText);
  const parts: string[] = [];
  const lines: string[] = new Array(BLOCK_ROWS);
  for (let at = start; at < end; at += BLOCK_ROWS) {
    const n = Math.min(BLOCK_ROWS, end - at);
    if (n < BLOCK_ROWS) lines.length = n;
    formatBlock(formatters, at, n, lines);
    parts.push(lines.join('\n') + '\n');
  }
  return parts.join('');
}

function formatBlock(formatters: ((i: number) => string)[], start: number, n: number, lines: string[]): void {
  const first = formatters[0]!;
  for (let r = 0; r < n; r++) lines[r] = first(start + r);
  for (let c = 1; c < formatters.length; c++) {
    const cell = formatters[c]!;
    for (let r = 0; r < n; r++) lines[r] += ',' + cell(start + r);
  }
}
