/**
 * Feature views: gq's feature families (plus `bars`, the split-adjusted bar and is_traded), each with an
 * availability time and a TTL. A row of day d in a view is known from d at `availableAfter` (minutes after 00:00 JST
 * of d, from the J-Quants update table in io/jquants/endpoints.ts) and served until `ttlDays` after that.
 * Targets (`target_*`) are labels computed from future rows: they are never a feature view, so neither the online
 * store nor a historical join can serve them.
 */
import { ENDPOINTS } from '../io/jquants/endpoints.ts';
import { FEATURES } from '../kernels/registry.ts';

export type ViewDef = {
  name: string;
  /** Column names in the offline store, in dataset order. */
  features: string[];
  /** Minutes after 00:00 JST of the row's Date when the row is known. */
  availableAfter: number;
  /** Days after availability until a row is too old to serve (null is served instead). */
  ttlDays: number;
};

/** Per-view settings a store config may override. */
export type ViewSettings = { availableAfter?: number; ttlDays?: number };

export const BAR_COLUMNS = ['Open', 'High', 'Low', 'Close', 'Volume', 'TurnoverValue', 'is_traded'] as const;

/** The label family: never served. */
export const TARGET_FAMILY = 'targets';

/** Default TTL: covers the longest TSE closure (the 2019 Golden Week, 10 days) with room. */
export const DEFAULT_TTL_DAYS = 14;

/** When each family's row of day d is known, from the update time of the endpoint it is derived from. */
const FAMILY_AVAILABILITY: Record<string, number> = {
  bars: ENDPOINTS.bars.finalAfter,
  flows: ENDPOINTS.investorTypes.finalAfter,
  margin: ENDPOINTS.marginInterest.finalAfter,
  daily_margin: ENDPOINTS.marginAlert.finalAfter,
  statements: ENDPOINTS.finsSummary.finalAfter,
};

/** Families of the newer columns (families.md §9) by prefix, for datasets whose metadata does not name them. */
const PREFIX_FAMILY: [string, string][] = [
  ['target_', TARGET_FAMILY], ['flow_', 'flows'], ['margin_', 'margin'], ['dmi_', 'daily_margin'], ['stmt_', 'statements'],
  ['rel_to_sec_', 'sector'], ['sec_', 'sector'], ['cs_', 'cross_section'], ['a158_', 'alpha158'],
];

const REGISTRY_FAMILY = new Map(FEATURES.map((f) => [f.name, f.family as string]));
const IDENTITY = new Set(['Code', 'Date']);

/** The family of a dataset column: the dataset's metadata, then the registry, then its prefix ('bars' for the bar). */
export function familyOf(column: string, metadataFamilies: ReadonlyMap<string, string> = new Map()): string {
  if ((BAR_COLUMNS as readonly string[]).includes(column)) return 'bars';
  const named = metadataFamilies.get(column) ?? REGISTRY_FAMILY.get(column);
  if (named !== undefined) return named;
  for (const [prefix, family] of PREFIX_FAMILY) if (column.startsWith(prefix)) return family;
  return 'other';
}

/** Minutes after 00:00 JST when a family's row of day d is known (bar-derived families: the daily bars' 16:30). */
export function defaultAvailability(family: string): number {
  return FAMILY_AVAILABILITY[family] ?? ENDPOINTS.bars.finalAfter;
}

/** The views of a dataset's columns (targets left out), with config overrides. */
export function viewsOf(
  columns: readonly string[], settings: Readonly<Record<string, ViewSettings>> = {}, metadataFamilies?: ReadonlyMap<string, string>,
): ViewDef[] {
  const byFamily = new Map<string, string[]>();
  for (const c of columns) {
    if (IDENTITY.has(c)) continue;
    const family = familyOf(c, metadataFamilies);
    if (family === TARGET_FAMILY || c.startsWith('target_')) continue;
    const list = byFamily.get(family) ?? [];
    list.push(c);
    byFamily.set(family, list);
  }
  return [...byFamily].map(([name, features]) => ({
    name,
    features,
    availableAfter: settings[name]?.availableAfter ?? defaultAvailability(name),
    ttlDays: settings[name]?.ttlDays ?? DEFAULT_TTL_DAYS,
  }));
}

/** Whether a column is a label that must never be served. */
export function isTarget(column: string, metadataFamilies?: ReadonlyMap<string, string>): boolean {
  return column.startsWith('target_') || familyOf(column, metadataFamilies) === TARGET_FAMILY;
}
