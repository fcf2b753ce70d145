/**
 * Synthetic `/equities/investor-types` records: one per market week and section, published on the 4th
 * business day after the week (spec §3.5), values in thousand yen derived from a hash. Total = proprietary
 * + brokerage, as in the real statistics; balance = purchases - sales.
 */
import { formatDay } from '../../../../engine/dates.ts';
import { addBusinessDays } from '../../../../engine/calendar/tse-calendar.ts';
import { INVESTOR_CATEGORIES } from '../../schemas/flow-tables.ts';
import { hashInts } from '../hash.ts';
import type { MarketView } from '../market-view.ts';
import { flowSectionsFor } from './event-cases.ts';

/** The current TSE segments (weeks before 2022-04-04 are published for the old ones: event-cases.ts). */
export const SECTIONS: readonly string[] = ['TSEPrime', 'TSEStandard', 'TSEGrowth'];

/** Records published in [fromDay, toDay] (and not after `today`), optionally of one section. */
export function investorTypeRecords(v: MarketView, fromDay: number, toDay: number, section: string | null, today: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  v.weeks.forEach(([s, e], w) => {
    const end = v.m.days[e - 1]!;
    const pub = addBusinessDays(end, 4);
    if (pub < fromDay || pub > toDay || pub > today) return;
    // Sections as of the week: the old segments before the 2022-04-04 restructuring, the new ones from it.
    flowSectionsFor(end).forEach((sec, si) => {
      if (section !== null && sec !== section) return;
      const r: Record<string, unknown> = { PubDate: formatDay(pub), StDate: formatDay(v.m.days[s]!), EnDate: formatDay(end), Section: sec };
      for (const [ci, cat] of INVESTOR_CATEGORIES.entries()) {
        if (cat === 'Tot') continue;
        const sell = 1_000_000 + (hashInts(w, si, ci, 1) % 900_000_000);
        const buy = 1_000_000 + (hashInts(w, si, ci, 2) % 900_000_000);
        r[`${cat}Sell`] = sell;
        r[`${cat}Buy`] = buy;
        r[`${cat}Tot`] = sell + buy;
        r[`${cat}Bal`] = buy - sell;
      }
      for (const suffix of ['Sell', 'Buy', 'Tot', 'Bal']) r[`Tot${suffix}`] = (r[`Prop${suffix}`] as number) + (r[`Brk${suffix}`] as number);
      out.push(orderKeys(r));
    });
  });
  return out;
}

/** The official key order: header, then each category's Sell/Buy/Tot/Bal. */
function orderKeys(r: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = { PubDate: r.PubDate, StDate: r.StDate, EnDate: r.EnDate, Section: r.Section };
  for (const cat of INVESTOR_CATEGORIES) for (const s of ['Sell', 'Buy', 'Tot', 'Bal']) o[cat + s] = r[cat + s];
  return o;
}
