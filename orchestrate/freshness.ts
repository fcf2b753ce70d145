/**
 * Freshness of an asset: the latest partition that could be built now (the last TSE business day whose data is
 * published, by the asset's "available after" time), against the last partition built. Stale when more business days
 * are missing than the policy allows; the lag runs from the publication time of the first missing day.
 */
import { businessDays, isBusinessDay, previousBusinessDay } from '../engine/calendar/tse-calendar.ts';
import { formatDay, parseDay } from '../engine/dates.ts';
import type { Asset } from './assets.ts';
import { jstDay, jstInstant } from './jst.ts';

export type Freshness = {
  asset: string;
  lastPartition: string | null;
  /** The newest partition whose data is published at `now`. */
  expected: string;
  /** Business days between the two (0 = up to date). */
  missing: number;
  lagSeconds: number;
  stale: boolean;
};

/** The newest partition (TSE business day) whose data is available at `nowMs`. */
export function latestAvailablePartition(availableAfter: number, nowMs: number): number {
  let d = jstDay(nowMs);
  if (!isBusinessDay(d) || jstInstant(d, availableAfter) > nowMs) d = previousBusinessDay(d);
  while (jstInstant(d, availableAfter) > nowMs) d = previousBusinessDay(d);
  return d;
}

/** The freshness of `asset` whose last materialized partition is `last` (ISO) or null. */
export function freshnessOf(asset: Asset, last: string | null, nowMs: number): Freshness {
  const expected = latestAvailablePartition(asset.availableAfter, nowMs);
  const lastDay = last === null ? Number.NaN : parseDay(last);
  if (Number.isNaN(lastDay)) return { asset: asset.name, lastPartition: null, expected: formatDay(expected), missing: Number.POSITIVE_INFINITY, lagSeconds: 0, stale: true };
  const missingDays = lastDay >= expected ? new Int32Array(0) : businessDays(lastDay + 1, expected);
  const lag = missingDays.length === 0 ? 0 : Math.max(0, (nowMs - jstInstant(missingDays[0]!, asset.availableAfter)) / 1000);
  return { asset: asset.name, lastPartition: last, expected: formatDay(expected), missing: missingDays.length, lagSeconds: lag, stale: missingDays.length > asset.maxLagBusinessDays };
}
