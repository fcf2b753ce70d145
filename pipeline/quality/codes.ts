/** Stock-code checks (tse.md §2.6) and the canonical code key every other check groups by. */
import type { RawBars } from '../../engine/raw-bars.ts';
import { makeResult, type CheckResult } from './check-types.ts';
import { RowList } from './row-list.ts';

/** J-Quants 5-character codes: letters only in the 2nd and 4th place, from the 19 letters JPX assigns. */
export const CODE_PATTERN = /^[1-9][0-9ACDFGHJKLMNPRSTUWXY][0-9][0-9ACDFGHJKLMNPRSTUWXY][0-9]$/;

/** True when `code` is a J-Quants 5-character stock code such as `72030` or `130A0`. */
export function isValidCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

export type CodeKeys = {
  /** Distinct valid codes, ascending; a row's key indexes this list. */
  codes: string[];
  /** Per raw row: index into `codes`, or -1 when the row's code is malformed or outside the dictionary. */
  key: Int32Array;
  result: CheckResult;
};

/**
 * Gives each raw row the rank of its code string among the valid codes, so that a dictionary holding the same
 * string twice still groups as one code (and its duplicates are found), and flags malformed codes.
 */
export function codeKeys(raw: RawBars): CodeKeys {
  const dict = raw.codes;
  const distinct = [...new Set(dict.filter(isValidCode))].sort();
  const rankOf = new Map(distinct.map((c, k) => [c, k]));
  const dictKey = new Int32Array(dict.length);
  for (let c = 0; c < dict.length; c++) dictKey[c] = rankOf.get(dict[c]!) ?? -1;
  const key = new Int32Array(raw.rows);
  const bad = new RowList();
  const nDict = dict.length;
  const code = raw.code;
  for (let i = 0; i < raw.rows; i++) {
    const c = code[i]!;
    const k = c >= 0 && c < nDict ? dictKey[c]! : -1;
    key[i] = k;
    if (k < 0) bad.push(i);
  }
  const result = makeResult('code-format', bad.toArray(), {
    detail: (k) => {
      const c = code[result.rows[k]!]!;
      return c >= 0 && c < nDict ? `Code ${JSON.stringify(dict[c])}` : `code index ${c} outside the dictionary of ${nDict}`;
    },
  });
  return { codes: distinct, key, result };
}
