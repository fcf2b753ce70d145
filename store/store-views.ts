/**
 * The views of a store after a materialization: the manifest's views keep their features (in order), a dataset's
 * new columns join their family's view, and the config's availability and TTL overrides apply.
 */
import type { ViewDef, ViewSettings } from './views.ts';
import { viewsOf } from './views.ts';

/** Views and the store's column order, merging the manifest's views with a dataset's columns. */
export function mergeViews(
  previous: readonly ViewDef[], datasetColumns: readonly string[], settings: Readonly<Record<string, ViewSettings>>, families: ReadonlyMap<string, string>,
): { views: ViewDef[]; columns: string[] } {
  const byName = new Map(previous.map((v) => [v.name, { ...v, features: [...v.features] }]));
  const known = new Set(previous.flatMap((v) => v.features));
  for (const v of viewsOf(datasetColumns, settings, families)) {
    const fresh = v.features.filter((f) => !known.has(f));
    const have = byName.get(v.name);
    if (have === undefined) byName.set(v.name, { ...v, features: fresh });
    else have.features.push(...fresh);
  }
  const views = [...byName.values()].filter((v) => v.features.length > 0).map((v) => ({
    ...v,
    availableAfter: settings[v.name]?.availableAfter ?? v.availableAfter,
    ttlDays: settings[v.name]?.ttlDays ?? v.ttlDays,
  }));
  return { views, columns: views.flatMap((v) => v.features) };
}
