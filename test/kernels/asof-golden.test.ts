/**
 * The event families against the independent Python reference (fixtures/golden/events/make_events.py), over
 * V2-shaped JSON inputs. Tolerance as features.md: relative 1e-9 with an absolute floor of 1e-9 x the column's
 * mean |value|; nulls must match exactly.
 */
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../engine/dates.ts';
import { EVENT_COLUMNS, EVENT_FAMILIES } from '../../engine/events/join-events.ts';
import { cell, readCsv } from '../golden/read-csv.ts';
import { joinAll, panelOf, readInput } from './events-fixture.ts';

const inp = readInput('main');
const panel = panelOf(inp);
const got = joinAll(inp, panel);
const expected = readCsv(new URL('../../fixtures/golden/events/main/expected.csv', import.meta.url));

describe('event families match the Python reference on the main fixture', () => {
  it('has the same rows', () => {
    expect(expected.length).toBe(panel.rows);
    for (let i = 0; i < panel.rows; i++) {
      expect(`${panel.codes[panel.code[i]!]} ${formatDay(panel.date[i]!)}`).toBe(`${expected[i]!.Code} ${expected[i]!.Date}`);
    }
  });
  for (const fam of EVENT_FAMILIES) {
    for (const c of EVENT_COLUMNS[fam]) {
      it(`gives ${c} as the reference does`, () => {
        const col = got[c]!;
        let mean = 0;
        let n = 0;
        for (const r of expected) { const v = cell(r[c]); if (v === v) { mean += Math.abs(v); n++; } }
        const floor = n === 0 ? 0 : (1e-9 * mean) / n;
        const bad: string[] = [];
        for (let i = 0; i < panel.rows; i++) {
          const want = cell(expected[i]![c]);
          const have = col[i]!;
          const ok = want !== want ? have !== have : Math.abs(have - want) <= Math.max(1e-9 * Math.abs(want), floor);
          if (!ok && bad.length < 5) bad.push(`${expected[i]!.Code} ${expected[i]!.Date}: gq ${have}, reference ${want}`);
        }
        expect(bad).toEqual([]);
      });
    }
  }
});
