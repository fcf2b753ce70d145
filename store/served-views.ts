/**
 * What the feature server holds in memory: the online store's views as of one version, with each code's row found by
 * a Map and each row's one-code results made once, on first use, as bytes in one buffer per view (no objects per
 * row, so the collector has little to walk). It is rebuilt only when the store's version changes (a cheap check per
 * request), so a request never reads vectors from the store.
 */
import type { OnlineSnapshot } from './online.ts';
import { resolveRefs } from './feature-refs.ts';
import { jstInstant } from './time.ts';
import type { ViewDef } from './views.ts';

/**
 * A view as served. Row r owns `slot` bytes of `bytes` from r * slot; once made (made[r] = 1) they hold, for each
 * column f of the view in order, its one-code result `,{"values":[x],"statuses":["PRESENT"],"event_timestamps":["..."]}`
 * from at[r * (n + 1) + f] to at[r * (n + 1) + f + 1] (n columns); the value text x ends at textEnd[r * n + f] and
 * null[r * n + f] is 1 for a null; the row's availability time (a JSON string) is bytes[stampAt[2r], stampAt[2r + 1]).
 */
export type ServedView = {
  def: ViewDef;
  /** Row of each code. */
  rowOf: Map<string, number>;
  days: Int32Array;
  values: Float64Array;
  width: number;
  slot: number;
  bytes: Buffer;
  at: Int32Array;
  textEnd: Int32Array;
  null: Uint8Array;
  stampAt: Int32Array;
  made: Uint8Array;
};

/** Features of a request resolved once per list of names: the views they read and each one's column; `runs` holds
 * (view, first column, end column) triples of features that follow each other in one view (one copy each). */
export type ServedRefs = { names: string[]; views: ServedView[]; view: number[]; column: number[]; runs: Int32Array; head: string; headBytes: Buffer };

export type Served = {
  version: string;
  catalogue: ViewDef[];
  views: Map<string, ServedView>;
  /** Resolved feature lists, by the list joined with "\n" (a few hundred at most). */
  refs: Map<string, ServedRefs>;
};

const ASCII = (t: string): Buffer => Buffer.from(t, 'latin1');
/** The fixed parts of a one-code result. */
export const PART = {
  open: ASCII(',{"values":['), statuses: ASCII('],"statuses":['), stamps: ASCII('],"event_timestamps":['), close: ASCII(']}'),
  present: ASCII('"PRESENT"'), nullValue: ASCII('"NULL_VALUE"'), null: ASCII('null'),
};
/** The longest text of a double (String(-0.0000012345678901234567)) and of an availability time. */
const MAX_NUMBER = 25;
const MAX_STAMP = 32;
const FIXED = PART.open.length + PART.statuses.length + PART.nullValue.length + PART.stamps.length + MAX_STAMP + PART.close.length;

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
    const rows = p.codes.length;
    const n = def.features.length;
    const slot = n * (FIXED + MAX_NUMBER);
    views.set(name, {
      def, rowOf, days: p.days, values: p.values, width: p.width, slot,
      bytes: Buffer.allocUnsafeSlow(rows * slot), at: new Int32Array(rows * (n + 1)), textEnd: new Int32Array(rows * n),
      null: new Uint8Array(rows * n), stampAt: new Int32Array(rows * 2), made: new Uint8Array(rows),
    });
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
  const runs: number[] = [];
  for (let f = 0; f < view.length; f++) {
    const n = runs.length;
    if (n > 0 && runs[n - 3] === view[f] && runs[n - 1] === column[f]) runs[n - 1]!++;
    else runs.push(view[f]!, column[f]!, column[f]! + 1);
  }
  const out = { names, views, view, column, runs: Int32Array.from(runs), head, headBytes: Buffer.from(head) };
  if (s.refs.size >= REFS_KEPT) s.refs.clear();
  s.refs.set(key, out);
  return out;
}

/** Makes a row's bytes (once): its values' texts ("null" for NaN, and for a column past the stored row's width),
 * statuses and availability time, as one-code results in its slot. */
export function makeRow(v: ServedView, row: number): void {
  if (v.made[row] === 1) return;
  const n = v.def.features.length;
  const stamp = `"${new Date(jstInstant(v.days[row]!, v.def.availableAfter)).toISOString().replace('.000Z', 'Z')}"`;
  if (stamp.length > MAX_STAMP) throw new Error(`feature server: availability time ${stamp} is longer than ${MAX_STAMP} characters`);
  const out = v.bytes;
  let w = row * v.slot;
  v.at[row * (n + 1)] = w;
  for (let f = 0; f < n; f++) {
    const x = f < v.width ? v.values[row * v.width + f]! : Number.NaN;
    const isNull = !Number.isFinite(x);
    w += PART.open.copy(out, w);
    w += isNull ? PART.null.copy(out, w) : out.write(String(x), w, 'latin1'); // number texts are ASCII
    v.textEnd[row * n + f] = w;
    v.null[row * n + f] = isNull ? 1 : 0;
    w += PART.statuses.copy(out, w);
    w += (isNull ? PART.nullValue : PART.present).copy(out, w);
    w += PART.stamps.copy(out, w);
    if (f === 0) v.stampAt[2 * row] = w;
    w += out.write(stamp, w, 'latin1');
    if (f === 0) v.stampAt[2 * row + 1] = w;
    w += PART.close.copy(out, w);
    v.at[row * (n + 1) + f + 1] = w;
  }
  v.made[row] = 1;
}
