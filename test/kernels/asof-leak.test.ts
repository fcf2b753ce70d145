/**
 * Leak test (families.md §10.1): perturbing every record that becomes effective after day t (scaled and
 * sign-flipped numbers, emptied strings, deletions, additions, corrections of objects known before t) leaves every
 * event column of every row dated <= t byte-identical, for each family.
 */
import { describe, expect, it } from 'vitest';
import { nextBusinessDay, previousBusinessDay } from '../../engine/calendar/tse-calendar.ts';
import { formatDay } from '../../engine/dates.ts';
import { joinAll, panelOf, readInput } from './events-fixture.ts';
import { effDay, FAMILY_OF, perturbAfter, SOURCES } from './asof-perturb.ts';

const inp = readInput('main');
const panel = panelOf(inp);
const base = joinAll(inp, panel);

/**
 * Cut days: the effective days of the source (every one for the daily sources, every 4th for the weekly ones, to
 * keep the test short) and the business days either side, plus seeded random panel days.
 */
function cutDays(src: (typeof SOURCES)[number]): number[] {
  const all = [...new Set(inp[src].map((r) => effDay(src, r)))].sort((a, b) => a - b);
  const effs = src === 'investor_types' || src === 'margin_interest' ? all.filter((_, i) => i % 4 === 0) : all;
  const out = new Set<number>();
  for (const e of effs) for (const d of [previousBusinessDay(e), e, nextBusinessDay(e)]) out.add(d);
  let s = 12345;
  for (let k = 0; k < 3; k++) { s = (s * 1103515245 + 12345) % 2 ** 31; out.add(panel.date[s % panel.rows]!); }
  return [...out].sort((a, b) => a - b);
}

function bits(x: number): string {
  return x !== x ? 'null' : String(Object.is(x, -0) ? '-0' : x);
}

describe('no event column of a row dated <= t reads a record effective after t', () => {
  for (const src of SOURCES) {
    it(`holds for ${FAMILY_OF[src]} (${src}) at every cut day`, () => {
      const changed: string[] = [];
      let after = 0;
      for (const t of cutDays(src)) {
        const got = joinAll(perturbAfter(inp, src, t), panel);
        for (const [c, col] of Object.entries(got)) {
          const b = base[c]!;
          for (let i = 0; i < panel.rows; i++) {
            if (panel.date[i]! > t) { if (bits(col[i]!) !== bits(b[i]!)) after++; continue; }
            if (bits(col[i]!) !== bits(b[i]!) && changed.length < 5) changed.push(`t=${formatDay(t)} ${c} ${panel.codes[panel.code[i]!]} ${formatDay(panel.date[i]!)}: ${b[i]} -> ${col[i]}`);
          }
        }
      }
      expect(changed).toEqual([]);
      // The perturbation is real: rows after the cut days do change.
      expect(after).toBeGreaterThan(0);
    });
  }
});
