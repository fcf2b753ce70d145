/**
 * The assets, declared once (like the feature registry): the raw kinds with their endpoint (whose publication time
 * says when a day's partition can be built), `dataset` built from them, and the feature-store assets built from the
 * dataset. Every asset has daily partitions on TSE business days and a freshness policy.
 */
import { ENDPOINTS, type EndpointName } from '../io/jquants/endpoints.ts';

export type AssetName =
  | 'bars' | 'topix' | 'master' | 'calendar' | 'investor_types' | 'margin_interest' | 'margin_alert' | 'fins_summary' | 'fins_dividend'
  | 'dataset' | 'store_offline' | 'store_online';

export type Asset = {
  name: AssetName;
  kind: 'raw' | 'derived';
  /** The J-Quants endpoint of a raw kind. */
  endpoint?: EndpointName;
  deps: readonly AssetName[];
  /** Minutes after 00:00 JST of day d when partition d can be built: the latest publication time of what it reads. */
  availableAfter: number;
  /** Freshness policy: business days the last materialized partition may lag the latest available one. */
  maxLagBusinessDays: number;
  /** The job that materializes it. */
  job: string;
  description: string;
};

const raw = (name: AssetName, endpoint: EndpointName, description: string): Asset => ({
  name, kind: 'raw', endpoint, deps: [], availableAfter: ENDPOINTS[endpoint].finalAfter, maxLagBusinessDays: 1, job: 'dataset', description,
});

/** Raw kinds the dataset reads (the later families' sources are listed, but not read by the dataset yet). */
export const DATASET_SOURCES: readonly AssetName[] = ['bars', 'topix', 'calendar'];

/** Every asset, by name. */
export const ASSETS: Readonly<Record<AssetName, Asset>> = {
  bars: raw('bars', 'bars', 'daily bars of every code (/equities/bars/daily)'),
  topix: raw('topix', 'topix', 'TOPIX daily bars (/indices/bars/daily/topix)'),
  master: raw('master', 'master', 'listed master snapshot (/equities/master)'),
  calendar: raw('calendar', 'calendar', 'TSE trading calendar (/markets/calendar)'),
  investor_types: raw('investor_types', 'investorTypes', 'investor-type flows, weekly (/equities/investor-types)'),
  margin_interest: raw('margin_interest', 'marginInterest', 'weekly margin interest (/markets/margin-interest)'),
  margin_alert: raw('margin_alert', 'marginAlert', 'daily margin alerts (/markets/margin-alert)'),
  fins_summary: raw('fins_summary', 'finsSummary', 'financial summaries (/fins/summary)'),
  fins_dividend: raw('fins_dividend', 'finsDividend', 'dividends (/fins/dividend)'),
  dataset: {
    name: 'dataset', kind: 'derived', deps: DATASET_SOURCES, availableAfter: Math.max(...DATASET_SOURCES.map((a) => ENDPOINTS[a === 'calendar' ? 'calendar' : a === 'topix' ? 'topix' : 'bars'].finalAfter)),
    maxLagBusinessDays: 1, job: 'dataset', description: 'the quality-checked feature dataset of the day (gq run for one partition)',
  },
  store_offline: {
    name: 'store_offline', kind: 'derived', deps: ['dataset'], availableAfter: ENDPOINTS.bars.finalAfter, maxLagBusinessDays: 1, job: 'feature_sync',
    description: 'offline feature store partition (skipped until the feature store is configured)',
  },
  store_online: {
    name: 'store_online', kind: 'derived', deps: ['dataset'], availableAfter: ENDPOINTS.bars.finalAfter, maxLagBusinessDays: 1, job: 'feature_sync',
    description: 'online feature store rows (skipped until the feature store is configured)',
  },
};

/** Asset names in table order. */
export const ASSET_NAMES = Object.keys(ASSETS) as AssetName[];

/** True for a known asset name. */
export function isAsset(s: string): s is AssetName {
  return (ASSET_NAMES as string[]).includes(s);
}
