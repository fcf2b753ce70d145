/** Codes in a user's files as gq runs them: the 4-character form `--codes` accepts becomes J-Quants' 5-character one. */

const FOUR = /^[0-9][0-9A-Z][0-9][0-9A-Z]$/;

/** `7203` -> `72030`, `130a` -> `130A0` (as `--codes` reads them); any other text is kept for the checks to judge. */
export function sourceCode(text: string): string {
  const t = text.trim().toUpperCase();
  return FOUR.test(t) ? `${t}0` : text;
}

/** A code dictionary with every entry through sourceCode, entries that became equal merged, indices renumbered. */
export function normaliseCodes(x: { codes: string[]; code: Int32Array }): { codes: string[]; code: Int32Array } {
  const names = x.codes.map(sourceCode);
  if (names.every((n, k) => n === x.codes[k])) return x;
  const index = new Map<string, number>();
  const codes: string[] = [];
  const remap = Int32Array.from(names, (n) => {
    let k = index.get(n);
    if (k === undefined) { k = codes.length; codes.push(n); index.set(n, k); }
    return k;
  });
  return { codes, code: Int32Array.from(x.code, (k) => remap[k]!) };
}
