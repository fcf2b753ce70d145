/**
 * The feature server's response bytes in Feast's shape (the same text as feast-response.ts writes for the same
 * rows), built from the served views' cached number texts: one result per feature (the first holds the entity key),
 * one entry per code; statuses PRESENT, NULL_VALUE, NOT_FOUND; event_timestamps the row's availability time.
 */
import { rowSlab, rowStamp, rowTexts, type RowSlab, type ServedRefs } from './served-views.ts';

const EPOCH = '"1970-01-01T00:00:00Z"';

/** A request's codes looked up in the views it reads: rows[k][i] is code i's row in view k (-1: none). */
export type ServedRows = { rows: Int32Array[]; /** Codes with no row in any view read. */ missing: string[] };

/** Finds each code's row in every view the features read. */
export function findRows(refs: ServedRefs, codes: readonly string[]): ServedRows {
  const rows = refs.views.map((v) => {
    const r = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) r[i] = v.rowOf.get(codes[i]!) ?? -1;
    return r;
  });
  const missing: string[] = [];
  for (let i = 0; i < codes.length; i++) if (rows.every((r) => r[i]! < 0)) missing.push(codes[i]!);
  return { rows, missing };
}

/** The response as UTF-8 bytes. */
export function servedResponse(refs: ServedRefs, codes: readonly string[], found: ServedRows): Buffer {
  const n = codes.length;
  if (n === 1) return servedOne(refs, codes[0]!, found);
  const parts: string[] = [refs.head, '{"values":[', codes.map((c) => JSON.stringify(c)).join(','), '],"statuses":[',
    repeat('"PRESENT"', n), '],"event_timestamps":[', repeat(EPOCH, n), ']}'];
  // Timestamps are the same for every feature of a view: made once per view.
  const stamps: (string | undefined)[] = new Array(refs.views.length);
  const vals = new Array<string>(n);
  const sts = new Array<string>(n);
  for (let f = 0; f < refs.column.length; f++) {
    const k = refs.view[f]!;
    const v = refs.views[k]!;
    const rows = found.rows[k]!;
    const col = refs.column[f]!;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      if (row < 0) { vals[i] = 'null'; sts[i] = '"NOT_FOUND"'; continue; }
      const t = col < v.width ? rowTexts(v, row)[col]! : 'null';
      vals[i] = t;
      sts[i] = t === 'null' ? '"NULL_VALUE"' : '"PRESENT"';
    }
    let ts = stamps[k];
    if (ts === undefined) {
      const a = new Array<string>(n);
      for (let i = 0; i < n; i++) a[i] = rows[i]! < 0 ? EPOCH : rowStamp(v, rows[i]!);
      ts = a.join(',');
      stamps[k] = ts;
    }
    parts.push(',{"values":[', vals.join(','), '],"statuses":[', sts.join(','), '],"event_timestamps":[', ts, ']}');
  }
  parts.push(']}');
  return Buffer.from(parts.join(''));
}

/** `text` n times, comma-separated. */
function repeat(text: string, n: number): string {
  return n === 0 ? '' : `${text},`.repeat(n - 1) + text;
}

const NOT_FOUND_ONE = Buffer.from(`,{"values":[null],"statuses":["NOT_FOUND"],"event_timestamps":[${EPOCH}]}`);

/** The response for one code: each feature's result copied from its row's bytes (rowSlab). */
function servedOne(refs: ServedRefs, code: string, found: ServedRows): Buffer {
  const key = `{"values":[${JSON.stringify(code)}],"statuses":["PRESENT"],"event_timestamps":[${EPOCH}]}`;
  const slabs: (RowSlab | undefined)[] = refs.views.map((v, k) => (found.rows[k]![0]! < 0 ? undefined : rowSlab(v, found.rows[k]![0]!)));
  let size = refs.headBytes.length + Buffer.byteLength(key) + 2;
  for (let f = 0; f < refs.column.length; f++) {
    const s = slabs[refs.view[f]!];
    const c = refs.column[f]!;
    size += s === undefined ? NOT_FOUND_ONE.length : s.at[c + 1]! - s.at[c]!;
  }
  const out = Buffer.allocUnsafe(size);
  let at = refs.headBytes.copy(out, 0);
  at += out.write(key, at);
  for (let f = 0; f < refs.column.length; f++) {
    const s = slabs[refs.view[f]!];
    const c = refs.column[f]!;
    at += s === undefined ? NOT_FOUND_ONE.copy(out, at) : s.bytes.copy(out, at, s.at[c]!, s.at[c + 1]!);
  }
  out.write(']}', at);
  return out;
}
