/** Sector and market as of each row's date (families.md §0 Master), and the sample market's master history. */
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../engine/dates.ts';
import { masterAsOf } from '../../engine/master-asof.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { masterRecordOn } from '../../io/sample/master-history.ts';

const days = ['2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05'].map(parseDay);

describe('master as of each date', () => {
  it('takes the latest snapshot dated on or before the row that lists the code, never a later one', () => {
    const panel = { codes: ['13010', '72030'], offsets: Int32Array.from([0, 5, 8]), date: Int32Array.from([...days, ...days.slice(2)]) };
    const m = masterAsOf(panel, [
      { Date: '2024-04-02', Code: '13010', S33: '3050', Mkt: '0113' },
      { Date: '2024-04-04', Code: '1301', S33: '3200', Mkt: '0111' }, // a 4-character code names 13010
      { Date: '2024-04-01', Code: '72030', S33: '9999', Mkt: '0111' },
      { Date: '2024-04-05', Code: '72030', S33: '', Mkt: null },
      { Date: '2024-04-03', Code: '99990', S33: '3700', Mkt: '0111' }, // not in the panel
    ]);
    expect([...m.sector33]).toEqual([-1, 3050, 3050, 3200, 3200, 9999, 9999, -1]);
    expect([...m.market]).toEqual([-1, 113, 113, 111, 111, 111, 111, -1]);
  });

  it('gives the sample market sector changes and one Growth code that moves to Prime, served as of each day', () => {
    const market = generateMarket({ codes: 200, days: 300, seed: 42 });
    const changes = market.masterChanges;
    expect(changes.some((c) => c.before.S33 !== undefined)).toBe(true);
    const move = changes.find((c) => c.before.Mkt === '0113')!;
    expect(market.master[move.k]!.Mkt).toBe('0111');
    expect(masterRecordOn(market.master, changes, move.k, move.day - 1).Mkt).toBe('0113');
    expect(masterRecordOn(market.master, changes, move.k, move.day).Mkt).toBe('0111');
    const sec = changes.find((c) => c.before.S33 !== undefined)!;
    expect(masterRecordOn(market.master, changes, sec.k, sec.day - 1).S33).toBe(sec.before.S33);
    expect(masterRecordOn(market.master, changes, sec.k, sec.day).S33).toBe(market.master[sec.k]!.S33);
  });
});
