/**
 * Value schemas for J-Quants fields that mix types on the wire (spec §5.1): numbers that may arrive as
 * numeric strings, empty strings that mean "no value", marker strings such as "-" and "*", and codes that
 * may arrive as numbers.
 */
import * as v from 'valibot';

const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A number; a numeric string becomes a number. */
export const num = v.union(
  [v.number(), v.pipe(v.string(), v.regex(NUMERIC), v.transform(Number))],
  'expected a number or a numeric string',
);

/** A number or null; a numeric string becomes a number and "" becomes null. */
export const numOrNull = v.union(
  [v.number(), v.null(), v.pipe(v.string(), v.regex(NUMERIC), v.transform(Number)), v.pipe(v.literal(''), v.transform(() => null))],
  'expected a number, a numeric string, "" or null',
);

/** Like numOrNull, but the listed marker strings (e.g. "-" for not published, "*" for ETFs) are kept as they are. */
export function numOrMark<const M extends string>(marks: readonly M[]) {
  return v.union(
    [
      v.number(), v.null(), v.picklist(marks),
      v.pipe(v.string(), v.regex(NUMERIC), v.transform(Number)),
      v.pipe(v.literal(''), v.transform(() => null)),
    ],
    `expected a number, a numeric string, "", null or one of ${marks.map((m) => JSON.stringify(m)).join(', ')}`,
  );
}

/** A string; a number becomes its decimal string (a code such as StatCode may arrive as 1). */
export const str = v.union([v.string(), v.pipe(v.number(), v.transform(String))], 'expected a string');

/** A YYYY-MM-DD date, as the V2 responses send them. */
export const isoDate = v.pipe(v.string('expected a YYYY-MM-DD string'), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'));

/** A J-Quants security code: 5 characters, alphanumeric in positions 2 and 4 (4 accepted as well). */
export const code = v.pipe(v.string('expected a code string'), v.regex(/^[0-9][0-9A-Z][0-9][0-9A-Z][0-9]?$/, 'expected a 4- or 5-character code'));

/** A "0"/"1" flag; the numbers 0 and 1 become strings (one doc types UL/LL as Number, spec §5.4). */
export const flag01 = v.union(
  [v.picklist(['0', '1']), v.pipe(v.picklist([0, 1]), v.transform(String))],
  'expected "0" or "1"',
);
