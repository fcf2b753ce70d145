/** Schema checks on RawBars: column types and lengths (fatal), then dates, AdjFactor and UL/LL per row. */
import { dayOf } from '../../engine/dates.ts';
import type { RawBars } from '../../engine/raw-bars.ts';
import { makeResult, type CheckResult } from './check-types.ts';
import { RowList } from './row-list.ts';

/** The TSE reopened after the war on 1949-05-16; J-Quants' calendar ends well before 2100. */
export const FIRST_VALID_DAY = dayOf(1949, 5, 16);
export const LAST_VALID_DAY = dayOf(2099, 12, 31);

const F64_COLUMNS = ['open', 'high', 'low', 'close', 'volume', 'turnover', 'adjFactor'] as const;
const ADJ_COLUMNS = ['adjOpen', 'adjHigh', 'adjLow', 'adjClose', 'adjVolume'] as const;

/**
 * Throws an Error naming the column when RawBars is not well-formed (a wrong typed-array type or a length other than
 * `rows`): no row-level check or quarantine is meaningful then, so it stops the run instead of being counted.
 */
export function assertRawShape(raw: RawBars): void {
  const n = raw.rows;
  if (!Number.isInteger(n) || n < 0) throw new Error(`RawBars.rows is ${n}, expected a whole number >= 0`);
  if (!Array.isArray(raw.codes)) throw new Error('RawBars.codes is not an array of strings');
  const want = (name: string, col: unknown, ctor: Function): void => {
    if (!(col instanceof ctor)) throw new Error(`RawBars.${name} is not a ${ctor.name}`);
    if ((col as ArrayLike<number>).length !== n) throw new Error(`RawBars.${name} has ${(col as ArrayLike<number>).length} values, expected rows = ${n}`);
  };
  want('code', raw.code, Int32Array);
  want('date', raw.date, Int32Array);
  for (const c of F64_COLUMNS) want(c, raw[c], Float64Array);
  want('upperLimit', raw.upperLimit, Uint8Array);
  want('lowerLimit', raw.lowerLimit, Uint8Array);
  const present = ADJ_COLUMNS.filter((c) => raw[c] !== undefined);
  if (present.length !== 0 && present.length !== ADJ_COLUMNS.length) {
    throw new Error(`RawBars has ${present.join(', ')} but not ${ADJ_COLUMNS.filter((c) => raw[c] === undefined).join(', ')}; the adjusted columns come together or not at all`);
  }
  for (const c of present) want(c, raw[c], Float64Array);
}

/** Row-level schema checks: date range (error), AdjFactor usable (error), UL/LL in {0, 1} (warning). */
export function checkSchemaRows(raw: RawBars): CheckResult[] {
  const badDate = new RowList();
  const badFactor = new RowList();
  const badFlag = new RowList();
  const { date, adjFactor, upperLimit, lowerLimit } = raw;
  for (let i = 0; i < raw.rows; i++) {
    const d = date[i]!;
    if (d < FIRST_VALID_DAY || d > LAST_VALID_DAY) badDate.push(i);
    const f = adjFactor[i]!;
    // f - f !== 0 catches NaN and +-Infinity in one comparison.
    if (!(f > 0) || f - f !== 0) badFactor.push(i);
    if ((upperLimit[i]! | lowerLimit[i]!) > 1) badFlag.push(i);
  }
  const dates = badDate.toArray();
  const factors = badFactor.toArray();
  const flags = badFlag.toArray();
  return [
    makeResult('date-invalid', dates, { detail: (k) => `Date ${date[dates[k]!]} (days since 1970-01-01)` }),
    makeResult('adj-factor-invalid', factors, { detail: (k) => `AdjFactor ${adjFactor[factors[k]!]}` }),
    makeResult('flag-invalid', flags, { detail: (k) => `UL ${upperLimit[flags[k]!]}, LL ${lowerLimit[flags[k]!]}` }),
  ];
}
