/**
 * Feature references as users write them: `view:feature` (Feast's form), a bare feature name (unique across
 * views), or whole views. Anything unknown is an error naming it and what exists; a target is refused as a label.
 */
import { GqError } from '../io/gq-error.ts';
import type { ViewDef } from './views.ts';

export type FeatureRef = { view: ViewDef; feature: string; /** `view:feature` */ ref: string };

/** Resolves `features` (refs) and `views` (names) against the store's views; both empty means every feature. */
export function resolveRefs(views: readonly ViewDef[], features: readonly string[] = [], viewNames: readonly string[] = []): FeatureRef[] {
  const byName = new Map(views.map((v) => [v.name, v]));
  const out: FeatureRef[] = [];
  const add = (view: ViewDef, feature: string): void => {
    const ref = `${view.name}:${feature}`;
    if (!out.some((r) => r.ref === ref)) out.push({ view, feature, ref });
  };
  for (const name of viewNames) {
    const v = byName.get(name);
    if (v === undefined) throw unknown(`unknown feature view "${name}"`, views);
    for (const f of v.features) add(v, f);
  }
  for (const raw of features) {
    const colon = raw.indexOf(':');
    if (colon >= 0) {
      const v = byName.get(raw.slice(0, colon));
      if (v === undefined) throw unknown(`unknown feature view "${raw.slice(0, colon)}" in "${raw}"`, views);
      const f = raw.slice(colon + 1);
      if (!v.features.includes(f)) throw new GqError('BAD_OPTION', `unknown feature "${f}" in view "${v.name}" (${labelNote(f)}its features: ${v.features.join(', ')})`);
      add(v, f);
      continue;
    }
    const v = views.find((x) => x.features.includes(raw));
    if (v === undefined) throw unknown(`unknown feature "${raw}"${raw.startsWith('target_') ? ' (targets are labels computed from future rows; the store never serves them)' : ''}`, views);
    add(v, raw);
  }
  if (features.length === 0 && viewNames.length === 0) for (const v of views) for (const f of v.features) add(v, f);
  return out;
}

function labelNote(f: string): string {
  return f.startsWith('target_') ? 'targets are labels and never served; ' : '';
}

function unknown(what: string, views: readonly ViewDef[]): GqError {
  return new GqError('BAD_OPTION', `${what} (views: ${views.map((v) => v.name).join(', ') || 'none: materialize a dataset first'})`);
}
