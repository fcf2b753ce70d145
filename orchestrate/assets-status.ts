/** Each asset with its last materialized partition and freshness: what `gq assets`, the API and the metrics show. */
import { ASSET_NAMES, ASSETS } from './assets.ts';
import { freshnessOf, type Freshness } from './freshness.ts';
import { publicationTime } from './jst.ts';
import type { State } from './state/state.ts';

export type AssetStatus = Freshness & { kind: string; deps: readonly string[]; availableAfter: string; lastRunId: number | null; note: string | null; description: string };

/** The status of every asset at `now`. */
export function assetsStatus(state: State, now: number): AssetStatus[] {
  return ASSET_NAMES.map((name) => {
    const a = ASSETS[name];
    const last = state.materializations.latest(name);
    const skip = state.materializations.lastSkipped(name);
    const f = freshnessOf(a, last?.partition ?? null, now);
    return {
      ...f, kind: a.kind, deps: a.deps, availableAfter: publicationTime(a.availableAfter), lastRunId: last?.runId ?? null,
      note: last === undefined && skip !== undefined ? skip.note : null, description: a.description,
    };
  });
}
