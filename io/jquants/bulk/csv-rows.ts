/**
 * A streaming CSV reader for bulk files (RFC 4180: `,` between cells, `"` quotes with `""` inside, quoted newlines,
 * LF or CRLF line ends, an optional UTF-8 BOM), yielding the rows of each chunk together. It gives the same cells as
 * fast-csv's `parse({ headers: false, ignoreEmpty: true })` (test/io/jquants/bulk-csv-rows-match-fast-csv.test.ts) at
 * about ten times its speed: a line without a quote is split on commas, only quoted lines are scanned cell by cell.
 * A ten-year backfill is ten million rows, which fast-csv alone reads in well over the two minutes the whole fetch has.
 */

/** Rows of CSV text arriving in chunks (bytes or strings), in batches; empty lines are skipped. */
export async function* csvRows(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string[][]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry = '';
  let first = true;
  for await (const chunk of chunks) {
    let text = carry + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const { rows, rest } = splitRows(text, false);
    carry = rest;
    if (rows.length > 0) yield rows;
  }
  const tail = carry + decoder.decode();
  const { rows, rest } = splitRows(tail, true);
  if (rest !== '') throw new Error('the CSV ends inside a quoted cell (truncated?)');
  if (rows.length > 0) yield rows;
}

/** Complete rows of `text`, and the unfinished rest (a row without its line end, unless `end`). */
function splitRows(text: string, end: boolean): { rows: string[][]; rest: string } {
  const rows: string[][] = [];
  let at = 0;
  for (;;) {
    const nl = text.indexOf('\n', at);
    if (nl < 0 && !end) return { rows, rest: text.slice(at) };
    const lineEnd = nl < 0 ? text.length : nl;
    if (lineEnd === at && nl < 0) return { rows, rest: '' };
    const quote = text.indexOf('"', at);
    if (quote < 0 || quote > lineEnd) {
      let line = text.slice(at, lineEnd);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line !== '') rows.push(line.split(','));
      at = lineEnd + 1;
      if (nl < 0) return { rows, rest: '' };
      continue;
    }
    const r = quotedRow(text, at, end);
    if (r === null) return { rows, rest: text.slice(at) };
    rows.push(r.cells);
    at = r.next;
    if (at >= text.length) return { rows, rest: '' };
  }
}

/** One row holding quotes, scanned cell by cell from `at`; null when the text ends before the row does. */
function quotedRow(text: string, at: number, end: boolean): { cells: string[]; next: number } | null {
  const cells: string[] = [];
  let i = at;
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return null;
        cell += text.slice(i, q);
        if (text[q + 1] === '"') {
          cell += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the next separator is kept, as fast-csv keeps it.
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      cell = text.slice(i, j);
      i = j;
    }
    cells.push(cell);
    if (i >= text.length) return end ? { cells, next: i } : null;
    const c = text[i];
    if (c === ',') { i++; continue; }
    if (c === '\r') i++;
    if (text[i] === '\n') return { cells, next: i + 1 };
    if (i >= text.length) return end ? { cells, next: i } : null;
    return { cells, next: i };
  }
}
