/** A small RFC 4180 CSV parser: quoted cells, doubled quotes, CRLF; the first line is the header. */

/** Rows of a CSV text as objects keyed by the header; an empty cell is ''. */
export function parseCsv(text: string, where: string): Record<string, string>[] {
  const rows = parseCells(text);
  if (rows.length === 0) throw new Error(`${where}: empty file, expected a header line`);
  const header = rows[0]!.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const out: Record<string, string>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    if (cells.length === 1 && cells[0] === '') continue; // blank line
    if (cells.length !== header.length) throw new Error(`${where} line ${r + 1}: ${cells.length} cells, the header has ${header.length}`);
    const o: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) o[header[i]!] = cells[i]!;
    out.push(o);
  }
  return out;
}

function parseCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}
