/** Matching event records' codes to the panel's code dictionary (V2 codes are 5 characters; 4 are accepted). */

/** A lookup from a record's Code to the panel's code index, or -1. */
export function codeIndex(codes: readonly string[]): (code: unknown) => number {
  const m = new Map<string, number>();
  codes.forEach((c, i) => {
    m.set(c, i);
    if (c.length === 5 && c.endsWith('0')) m.set(c.slice(0, 4), i);
  });
  return (code) => (typeof code === 'string' ? m.get(code) ?? (code.length === 4 ? m.get(`${code}0`) ?? -1 : -1) : -1);
}
