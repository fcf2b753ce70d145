/**
 * Feast's get-online-features response, written as JSON text directly (one pass, no intermediate objects):
 * `{"metadata":{"feature_names":["Code", f...]},"results":[{"values":[...],"statuses":[...],"event_timestamps":[...]}, ...]}`,
 * one result per feature (the first holds the entity key), one entry per requested code. Statuses are PRESENT,
 * NULL_VALUE (a row without that value) and NOT_FOUND (no row); event_timestamps hold the row's availability time.
 * (`gq store get --json`; the server writes the same text from its views in memory: served-response.ts.)
 */
import type { OnlineResult } from './online-features.ts';
import { jstInstant } from './time.ts';

const EPOCH = '"1970-01-01T00:00:00Z"';

/** The response text for an online result. */
export function feastResponse(r: OnlineResult): string {
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
  for (let f = 0; f < r.refs.length; f++) {
    const ref = r.refs[f]!;
    const d = r.days[f]!;
    const vals = new Array<string>(n);
    const sts = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (d[i]! < 0) { vals[i] = 'null'; sts[i] = '"NOT_FOUND"'; continue; }
      const t = text(r.values[f]![i]!);
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

/** A JSON number (null for NaN and infinities, which JSON cannot hold). */
function text(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}
