/**
 * Boundary test (families.md §10.2, against over-lagging): perturbing a single record effective at t changes at
 * least one column of its family on row t; a disclosure at 14:59:59 changes row DiscDate, one at 15:00:00 does not
 * (before 2024-11-05), one at 15:29 does from 2024-11-05.
 */
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../engine/dates.ts';
import { EVENT_COLUMNS, type EventFamily } from '../../engine/events/join-events.ts';
import { effDay, FAMILY_OF, scramble, type Source } from './asof-perturb.ts';
import { joinAll, panelOf, readInput, type EventInput } from './events-fixture.ts';

const inp = readInput('main');
const panel = panelOf(inp);
const base = joinAll(inp, panel);

function rowOf(code: string, day: number): number {
  for (let i = 0; i < panel.rows; i++) if (panel.codes[panel.code[i]!] === code && panel.date[i] === day) return i;
  return -1;
}

/** True when some column of the family differs from the base run on row i. */
function changedAt(got: Record<string, Float64Array>, fam: EventFamily, i: number): boolean {
  return EVENT_COLUMNS[fam].some((c) => !Object.is(got[c]![i], base[c]![i]));
}

function withRecord(src: Source, idx: number, r: Record<string, unknown>): EventInput {
  const recs = [...inp[src]];
  recs[idx] = r;
  return { ...inp, [src]: recs };
}

describe('a record effective at t changes row t', () => {
  for (const src of ['margin_interest', 'margin_alert', 'fins_summary'] as const) {
    it(`holds for ${FAMILY_OF[src]} records`, () => {
      const fam = FAMILY_OF[src] as EventFamily;
      let tried = 0;
      const missed: string[] = [];
      inp[src].forEach((r, idx) => {
        if (idx % (src === 'margin_alert' ? 2 : 9) !== 0) return;
        const t = effDay(src, r);
        const i = rowOf(String(r.Code), t);
        if (i < 0) return;
        tried++;
        if (!changedAt(joinAll(withRecord(src, idx, scramble(r, 1)), panel), fam, i)) missed.push(JSON.stringify(r).slice(0, 120));
      });
      expect(tried).toBeGreaterThan(3);
      expect(missed).toEqual([]);
    });
  }

  it('holds for investor-type records at the rows of codes in that section', () => {
    const row = { TSEPrime: '11110', TSEStandard: '33330' } as Record<string, string>;
    let tried = 0;
    inp.investor_types.forEach((r, idx) => {
      const code = row[String(r.Section)];
      if (idx % 11 !== 0 || code === undefined || String(r.StDate) < '2022-04-04') return;
      const i = rowOf(code, effDay('investor_types', r));
      if (i < 0) return;
      tried++;
      expect(changedAt(joinAll(withRecord('investor_types', idx, scramble(r, 1)), panel), 'flows', i)).toBe(true);
    });
    expect(tried).toBeGreaterThan(3);
  });

  const timed = (time: string, disc: string): [number, Record<string, unknown>] => {
    const idx = inp.fins_summary.findIndex((r) => r.DiscTime === time && r.DiscDate === disc);
    return [idx, inp.fins_summary[idx]!];
  };
  const bump = (r: Record<string, unknown>): Record<string, unknown> => ({ ...r, Sales: String(Number(r.Sales) * 2), OP: String(Number(r.OP) * 3) });

  /** Rows DiscDate and the next business day of the code, with and without the document's figures doubled. */
  const effect = (time: string, disc: string, code: string): [boolean, boolean] => {
    const [idx, r] = timed(time, disc);
    expect(idx).toBeGreaterThanOrEqual(0);
    const i = rowOf(code, parseDay(disc));
    expect(i).toBeGreaterThan(0);
    const got = joinAll(withRecord('fins_summary', idx, bump(r)), panel);
    return [changedAt(got, 'statements', i), changedAt(got, 'statements', i + 1)];
  };

  it('moves row DiscDate for a disclosure at 14:59:59 before 2024-11-05', () => {
    expect(effect('14:59:59', '2023-08-10', '11110')).toEqual([true, true]);
  });
  it('leaves row DiscDate alone for a disclosure at 15:00:00 before 2024-11-05, and moves the next row', () => {
    expect(effect('15:00:00', '2023-11-10', '11110')).toEqual([false, true]);
  });
  it('moves row DiscDate for a disclosure at 15:29 from 2024-11-05', () => {
    expect(effect('15:29', '2024-11-11', '22220')).toEqual([true, true]);
  });
  it('leaves row DiscDate alone for a disclosure at 15:30 from 2024-11-05', () => {
    expect(effect('15:30', '2024-11-11', '11110')).toEqual([false, true]);
  });
  it('leaves row DiscDate alone for a disclosure without a time', () => {
    expect(effect('', '2024-02-13', '22220')).toEqual([false, true]);
  });
});
