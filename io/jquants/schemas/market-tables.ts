/** Field tables of the price endpoints: daily bars, TOPIX, listed master, trading calendar (spec §5.4). */
import { many, type FieldTable } from './build.ts';

const SESSION = ['O', 'H', 'L', 'C', 'Vo', 'Va', 'AdjO', 'AdjH', 'AdjL', 'AdjC', 'AdjVo'];

/** Premium-only morning (M*) and afternoon (A*) keys of a daily bar, in V2 names. */
export const SESSION_KEYS: readonly string[] = ['M', 'A'].flatMap((p) => [...SESSION.map((f) => p + f), `${p}UL`, `${p}LL`]);

/** `/equities/bars/daily`. UL/LL and AdjO..AdjVo are optional so older fixtures and trimmed feeds pass. */
export const BARS: FieldTable = {
  Date: 'date', Code: 'code',
  O: 'num|null', H: 'num|null', L: 'num|null', C: 'num|null', UL: 'flag?', LL: 'flag?', Vo: 'num|null', Va: 'num|null',
  AdjFactor: 'num',
  ...many(['AdjO', 'AdjH', 'AdjL', 'AdjC', 'AdjVo'], 'num|null?'),
  ...many(SESSION_KEYS.filter((k) => !k.endsWith('UL') && !k.endsWith('LL')), 'num|null?'),
  MUL: 'flag?', MLL: 'flag?', AUL: 'flag?', ALL: 'flag?',
};

/** `/indices/bars/daily/topix`. */
export const TOPIX: FieldTable = { Date: 'date', O: 'num|null', H: 'num|null', L: 'num|null', C: 'num|null' };

/** `/equities/master`. ProdCat was added on 2026-05-26, so older answers lack it. */
export const MASTER: FieldTable = {
  Date: 'date', Code: 'code', CoName: 'str', CoNameEn: 'str', S17: 'str', S17Nm: 'str', S33: 'str', S33Nm: 'str',
  ScaleCat: 'str', Mkt: 'str', MktNm: 'str', Mrgn: 'str?', MrgnNm: 'str?', ProdCat: 'str?',
};

/** `/markets/calendar`. */
export const CALENDAR: FieldTable = { Date: 'date', HolDiv: 'holdiv' };
