/** CSV quoting as RFC 4180 and fast-csv do it: quote a cell only when it holds a comma, quote or line break. */

const NEEDS_QUOTES = /[",\r\n]/;

/** The CSV text of one string cell: as is, or double-quoted with inner quotes doubled. */
export function quoteCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
