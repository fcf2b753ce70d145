/**
 * Online retrieval (Feast's get_online_features): the stored vector of each (view, Code) for the features asked,
 * with Feast's statuses: PRESENT, NOT_FOUND (no row for the code in that view). The online store's own view
 * list is the catalogue, so a server needs no access to the offline store.
 */
import type { FeatureRef } from './feature-refs.ts';
import { resolveRefs } from './feature-refs.ts';
import type { OnlineRead, OnlineStore } from './online.ts';
import { sourceCode } from '../io/source/source-code.ts';
import type { ViewDef } from './views.ts';

export type OnlineResult = {
  codes: string[];
  refs: FeatureRef[];
  /** Per ref: one value per code (NaN = null). */
  values: Float64Array[];
  /** Per ref: the row's Date (days since epoch) per code, -1 when NOT_FOUND. */
  days: Int32Array[];
  /** Codes with no row in any view asked. */
  missing: string[];
  /** The stored vectors as read, per view (with the packed view's version when there is one). */
  reads: Map<string, OnlineRead>;
};

/** The views the online store holds. */
export async function onlineViews(store: OnlineStore): Promise<ViewDef[]> {
  const meta = await store.meta();
  return Object.entries(meta).map(([name, m]) => ({ name, features: m.features, availableAfter: m.availableAfter, ttlDays: m.ttlDays }));
}

/** Feature vectors of `codes` (refs `view:feature`, bare names, or whole views; default all). */
export async function getOnlineFeatures(
  store: OnlineStore, q: { codes: readonly string[]; features?: readonly string[]; views?: readonly string[] }, views?: readonly ViewDef[],
): Promise<OnlineResult> {
  const catalogue = views ?? await onlineViews(store);
  const refs = resolveRefs(catalogue, q.features ?? [], q.views ?? []);
  const wanted = [...new Set(refs.map((r) => r.view.name))];
  const codes = [...q.codes];
  const read = await store.read(wanted, codes);
  await readFiveCharacterForms(store, wanted, codes, read);
  const values: Float64Array[] = [];
  const days: Int32Array[] = [];
  for (const r of refs) {
    const v = read.get(r.view.name)!;
    const f = r.view.features.indexOf(r.feature);
    const out = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) out[i] = v.days[i]! < 0 || f >= v.width ? Number.NaN : v.values[i * v.width + f]!;
    values.push(out);
    days.push(v.days);
  }
  const missing = codes.filter((_, i) => wanted.every((w) => read.get(w)!.days[i]! < 0));
  return { codes, refs, values, days, missing, reads: read };
}

/** Reads again, in their 5-character form, the 4-character codes (7203) no view held as given, into `read` in place. */
async function readFiveCharacterForms(store: OnlineStore, views: readonly string[], codes: readonly string[], read: Map<string, OnlineRead>): Promise<void> {
  const at: number[] = [];
  for (let i = 0; i < codes.length; i++) if (sourceCode(codes[i]!) !== codes[i] && views.every((w) => read.get(w)!.days[i]! < 0)) at.push(i);
  if (at.length === 0) return;
  const again = await store.read(views, at.map((i) => sourceCode(codes[i]!)));
  for (const w of views) {
    const to = read.get(w)!;
    const from = again.get(w)!;
    at.forEach((i, j) => {
      to.days[i] = from.days[j]!;
      for (let f = 0; f < Math.min(to.width, from.width); f++) to.values[i * to.width + f] = from.values[j * from.width + f]!;
    });
  }
}
