/**
 * Feast's get-online-features response, written as JSON text directly (one pass, no intermediate objects):
 * `{"metadata":{"feature_names":["Code", f...]},"results":[{"values":[...],"statuses":[...],"event_timestamps":[...]}, ...]}`,
 * one result per feature (the first holds the entity key), one entry per requested code. Statuses are PRESENT,
 * NULL_VALUE (a row without that value) and NOT_FOUND (no row); event_timestamps hold the row's availability time.
 * A server passes a FormatCache: the number texts of each (view, code) of a packed view are kept until that view is
 * rewritten, so a whole-universe request does not format 280,000 numbers again each time.
 */
import type { OnlineResult } from './online-features.ts';
import { jstInstant } from './time.ts';

const EPOCH = '"1970-01-01T00:00:00Z"';

/** Number texts per view: valid while the packed view's version is `version`. */
export type FormatCache = Map<string, { version: string; byCode: Map<string, string[]> }>;

/** The response text for an online result. */
export function feastResponse(r: OnlineResult, cache?: FormatCache): string {
  const n = r.codes.length;
  const parts: string[] = [];
  parts.push('{"metadata":{"feature_names":["Code"');
  for (const ref of r.refs) parts.push(`,${JSON.stringify(ref.feature)}`);
  parts.push(']},"results":[{"values":[');
  parts.push(r.codes.map((c) => JSON.stringify(c)).join(','));
  parts.push('],"statuses":[');
  parts.push(new Array(n).fill('"PRESENT"').join(','));
  parts.push('],"event_timestamps":[');
  parts.push(new Array(n).fill(EPOCH).join(','));
  parts.push(']}');
  const stamps = new Map<string, string[]>();
  const texts = new Map<string, (string[] | undefined)[]>();
  for (let f = 0; f < r.refs.length; f++) {
    const ref = r.refs[f]!;
    const d = r.days[f]!;
    const k = ref.view.features.indexOf(ref.feature);
    let perCode = texts.get(ref.view.name);
    if (perCode === undefined) { perCode = viewTexts(r, ref.view.name, cache); texts.set(ref.view.name, perCode); }
    const vals = new Array<string>(n);
    const sts = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (d[i]! < 0) { vals[i] = 'null'; sts[i] = '"NOT_FOUND"'; continue; }
      const t = perCode[i]?.[k] ?? text(r.values[f]![i]!);
      vals[i] = t;
      sts[i] = t === 'null' ? '"NULL_VALUE"' : '"PRESENT"';
    }
    // Timestamps are the same for every feature of a view: build them once per view.
    let ts = stamps.get(ref.view.name);
    if (ts === undefined) {
      const memo = new Map<number, string>();
      ts = Array.from(d, (day) => {
        if (day < 0) return EPOCH;
        let s = memo.get(day);
        if (s === undefined) { s = `"${new Date(jstInstant(day, ref.view.availableAfter)).toISOString().replace('.000Z', 'Z')}"`; memo.set(day, s); }
        return s;
      });
      stamps.set(ref.view.name, ts);
    }
    parts.push(`,{"values":[${vals.join(',')}],"statuses":[${sts.join(',')}],"event_timestamps":[${ts.join(',')}]}`);
  }
  parts.push(']}');
  return parts.join('');
}

/** A JSON number (null for NaN). */
function text(x: number): string {
  return x !== x ? 'null' : String(x);
}

/** The number texts of each requested code's vector in a view, from the cache when the view was read packed. */
function viewTexts(r: OnlineResult, view: string, cache: FormatCache | undefined): (string[] | undefined)[] {
  const read = r.reads.get(view);
  if (cache === undefined || read?.version === undefined) return [];
  let entry = cache.get(view);
  if (entry?.version !== read.version) { entry = { version: read.version, byCode: new Map() }; cache.set(view, entry); }
  const out: (string[] | undefined)[] = new Array(r.codes.length);
  const w = read.width;
  for (let i = 0; i < r.codes.length; i++) {
    if (read.days[i]! < 0) continue;
    let t = entry.byCode.get(r.codes[i]!);
    if (t === undefined) {
      t = new Array<string>(w);
      for (let f = 0; f < w; f++) t[f] = text(read.values[i * w + f]!);
      entry.byCode.set(r.codes[i]!, t);
    }
    out[i] = t;
  }
  return out;
}
