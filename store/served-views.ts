/**
 * What the feature server holds in memory: the online store's views as of one version, with each code's row found by
 * a Map and the JSON texts of a row's values and availability time made once, on first use. It is rebuilt only when
 * the store's version changes (a cheap check per request), so a request never reads vectors from the store.
 */
import type { OnlineSnapshot } from './online.ts';
import { resolveRefs } from './feature-refs.ts';
import { jstInstant } from './time.ts';
import type { ViewDef } from './views.ts';

export type ServedView = {
  def: ViewDef;
  /** Row of each code. */
  rowOf: Map<string, number>;
  days: Int32Array;
  values: Float64Array;
  width: number;
  /** Per row: its values as JSON texts ("null" for NaN), made on first use. */
  texts: (string[] | undefined)[];
  /** Per row: its availability time as a JSON string (UTC), made on first use. */
  stamps: (string | undefined)[];
  /** Per row: each column's whole result of a one-code response, as bytes (see rowSlab), made on first use. */
  slabs: (RowSlab | undefined)[];
  /** Per row: its values' JSON texts as bytes (see rowBytes), made on first use. */
  bytes: (RowBytes | undefined)[];
};

/** A row's values as JSON texts one after another: column f is bytes[at[f], at[f + 1]); null[f] is 1 for a null. */
export type RowBytes = { bytes: Buffer; at: Int32Array; null: Uint8Array; stamp: Buffer };

/** A row's one-code results `,{"values":[x],"statuses":["PRESENT"],"event_timestamps":["..."]}` for its columns
 * in order, one after another; column f is bytes[at[f], at[f + 1]). */
export type RowSlab = { bytes: Buffer; at: Int32Array };

/** Features of a request resolved once per list of names: the views they read and each one's column. */
export type ServedRefs = { names: string[]; views: ServedView[]; view: number[]; column: number[]; head: string; headBytes: Buffer };

export type Served = {
  version: string;
  catalogue: ViewDef[];
  views: Map<string, ServedView>;
  /** Resolved feature lists, by the list joined with "\n" (a few hundred at most). */
  refs: Map<string, ServedRefs>;
};

const REFS_KEPT = 256;

/** The served form of a snapshot. */
export function servedViews(s: OnlineSnapshot): Served {
  const views = new Map<string, ServedView>();
  const catalogue: ViewDef[] = [];
  for (const [name, m] of Object.entries(s.meta)) {
    const p = s.packed.get(name);
    if (p === undefined) continue;
    const def: ViewDef = { name, features: m.features, availableAfter: m.availableAfter, ttlDays: m.ttlDays };
    catalogue.push(def);
    const rowOf = new Map<string, number>();
    for (let k = 0; k < p.codes.length; k++) rowOf.set(p.codes[k]!, k);
    views.set(name, { def, rowOf, days: p.days, values: p.values, width: p.width, texts: new Array(p.codes.length), stamps: new Array(p.codes.length), slabs: new Array(p.codes.length), bytes: new Array(p.codes.length) });
  }
  return { version: s.version, catalogue, views, refs: new Map() };
}

/** The features named by a request (refs `view:feature` or bare names), resolved; an unknown one throws GqError. */
export function servedRefs(s: Served, features: readonly string[]): ServedRefs {
  const key = features.join('\n');
  const hit = s.refs.get(key);
  if (hit !== undefined) return hit;
  const refs = resolveRefs(s.catalogue, features);
  const views: ServedView[] = [];
  const view: number[] = [];
  const column: number[] = [];
  for (const r of refs) {
    const v = s.views.get(r.view.name)!;
    let k = views.indexOf(v);
    if (k < 0) k = views.push(v) - 1;
    view.push(k);
    column.push(r.view.features.indexOf(r.feature));
  }
  const names = refs.map((r) => r.feature);
  const head = `{"metadata":{"feature_names":["Code"${names.map((n) => `,${JSON.stringify(n)}`).join('')}]},"results":[`;
  const out = { names, views, view, column, head, headBytes: Buffer.from(head) };
  if (s.refs.size >= REFS_KEPT) s.refs.clear();
  s.refs.set(key, out);
  return out;
}

/** The JSON texts of a row's values. */
export function rowTexts(v: ServedView, row: number): string[] {
  let t = v.texts[row];
  if (t === undefined) {
    t = new Array<string>(v.width);
    for (let f = 0; f < v.width; f++) {
      const x = v.values[row * v.width + f]!;
      t[f] = Number.isFinite(x) ? String(x) : 'null';
    }
    v.texts[row] = t;
  }
  return t;
}

/** A row's availability time as a JSON string, e.g. "2026-11-20T07:30:00Z". */
export function rowStamp(v: ServedView, row: number): string {
  let t = v.stamps[row];
  if (t === undefined) {
    t = `"${new Date(jstInstant(v.days[row]!, v.def.availableAfter)).toISOString().replace('.000Z', 'Z')}"`;
    v.stamps[row] = t;
  }
  return t;
}

/** A row's one-code results as bytes. */
export function rowSlab(v: ServedView, row: number): RowSlab {
  let s = v.slabs[row];
  if (s === undefined) {
    const texts = rowTexts(v, row);
    const stamp = rowStamp(v, row);
    // Every column of the view; one the stored row is too short for (an older column set) is null.
    const parts = v.def.features.map((_, f) => (f < v.width ? texts[f]! : 'null')).map((t) => `,{"values":[${t}],"statuses":[${t === 'null' ? '"NULL_VALUE"' : '"PRESENT"'}],"event_timestamps":[${stamp}]}`);
    const at = new Int32Array(parts.length + 1);
    for (let f = 0; f < parts.length; f++) at[f + 1] = at[f]! + Buffer.byteLength(parts[f]!);
    s = { bytes: Buffer.from(parts.join('')), at };
    v.slabs[row] = s;
  }
  return s;
}

/** A row's value texts (every column of the view; one past the stored row's width is null) and stamp as bytes. */
export function rowBytes(v: ServedView, row: number): RowBytes {
  let b = v.bytes[row];
  if (b === undefined) {
    const texts = rowTexts(v, row);
    const n = v.def.features.length;
    const at = new Int32Array(n + 1);
    const isNull = new Uint8Array(n);
    let joined = '';
    for (let f = 0; f < n; f++) {
      const t = f < v.width ? texts[f]! : 'null';
      joined += t;
      at[f + 1] = at[f]! + t.length; // number texts are ASCII
      isNull[f] = t === 'null' ? 1 : 0;
    }
    b = { bytes: Buffer.from(joined, 'latin1'), at, null: isNull, stamp: Buffer.from(rowStamp(v, row), 'latin1') };
    v.bytes[row] = b;
  }
  return b;
}
