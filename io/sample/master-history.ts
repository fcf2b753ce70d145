/**
 * Point-in-time changes of the sample market's listed master, so per-date families have something to get right:
 * about 3% of codes move to another Sector33 on some day inside their listing, and one Growth code moves to Prime.
 * `market.master` holds every code's values on the last day; a change records the values the code had before its
 * day. Drawn from a PRNG of their own, so the bars of a seed stay what they were.
 */
import type { MarketMasterFields, MasterRecord } from './market.ts';
import { makePrng } from './prng.ts';
import { SECTORS } from './sectors.ts';

/** Code k had `before` until the day index `day` (exclusive), and its master record's values from then on. */
export type MasterChange = { k: number; day: number; before: Partial<MarketMasterFields> };

/** The master's changes for a market of these codes and listing spans (firstDay, rows per code). */
export function makeMasterChanges(master: readonly MasterRecord[], firstDay: Int32Array, offsets: Int32Array, seed: number): MasterChange[] {
  const rng = makePrng((seed ^ 0x5eed5) >>> 0);
  const out: MasterChange[] = [];
  let moved = false;
  for (let k = 0; k < master.length; k++) {
    const len = offsets[k + 1]! - offsets[k]!;
    if (len < 40) continue;
    const day = firstDay[k]! + 10 + rng.int(0, len - 20);
    const m = master[k]!;
    if (!moved && m.Mkt === '0111' && k % 2 === 1) {
      out.push({ k, day, before: { Mkt: '0113', MktNm: 'グロース', ScaleCat: '-' } });
      moved = true;
    } else if (rng.next() < 0.03) {
      const others = SECTORS.filter((s) => s.s33 !== m.S33);
      const s = others[rng.int(0, others.length)]!;
      out.push({ k, day, before: { S17: s.s17, S17Nm: s.s17Nm, S33: s.s33, S33Nm: s.s33Nm } });
    }
  }
  return out;
}

/** Code k's master record as of day index `di` (its values before every change dated after di). */
export function masterRecordOn(master: readonly MasterRecord[], changes: readonly MasterChange[], k: number, di: number): MasterRecord {
  let r = master[k]!;
  // The earliest change after di decides: apply later ones first so it wins.
  for (let j = changes.length - 1; j >= 0; j--) {
    const c = changes[j]!;
    if (c.k === k && c.day > di) r = { ...r, ...c.before };
  }
  return r;
}
