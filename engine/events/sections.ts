/**
 * Each panel row's flow section (families.md §0 Master, §1 Code → section): the row's Mkt as of its date (the
 * panel's `market` column from engine/master-asof.ts) mapped to a section index; -1 for no snapshot or no section.
 */
import { masterAsOf, type MasterRow } from '../master-asof.ts';
import { sharedI32 } from '../shared.ts';
import { sectionOfMkt } from './flows-table.ts';

/** Section indices from per-row Mkt integers (111 for "0111"; -1 for none). */
export function sectionsOfMarket(market: Int32Array): Int32Array {
  const out = sharedI32(market.length);
  for (let i = 0; i < market.length; i++) out[i] = market[i]! < 0 ? -1 : sectionOfMkt(String(market[i]).padStart(4, '0'));
  return out;
}

/** The section index of every row of a panel (sorted by code, then date) from master snapshots. */
export function sectionsFromMaster(panel: { codes: readonly string[]; offsets: Int32Array; date: Int32Array }, snapshots: readonly MasterRow[]): Int32Array {
  return sectionsOfMarket(masterAsOf(panel, snapshots).market);
}
