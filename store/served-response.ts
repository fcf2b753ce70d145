/**
 * The feature server's response bytes in Feast's shape (the same text as feast-response.ts writes for the same
 * rows), built from the served views' cached number texts: one result per feature (the first holds the entity key),
 * one entry per code; statuses PRESENT, NULL_VALUE, NOT_FOUND; event_timestamps the row's availability time.
 */
import { rowBytes, rowSlab, type RowSlab, type ServedRefs } from './served-views.ts';

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
  return codes.length === 1 ? servedOne(refs, codes[0]!, found) : servedMany(refs, codes, found);
}

const ASCII = (t: string): Buffer => Buffer.from(t, 'latin1');
const B = {
  epoch: ASCII(EPOCH), null: ASCII('null'), present: ASCII('"PRESENT"'), nullValue: ASCII('"NULL_VALUE"'), notFound: ASCII('"NOT_FOUND"'),
  open: ASCII(',{"values":['), statuses: ASCII('],"statuses":['), stamps: ASCII('],"event_timestamps":['), close: ASCII(']}'),
};

/** The response for many codes, written byte by byte into one buffer from each row's value bytes (rowBytes). */
function servedMany(refs: ServedRefs, codes: readonly string[], found: ServedRows): Buffer {
  const n = codes.length;
  const key = Buffer.from(`{"values":[${codes.map((c) => JSON.stringify(c)).join(',')}],"statuses":[${repeat('"PRESENT"', n)}],"event_timestamps":[${repeat(EPOCH, n)}]}`);
  const rows = refs.views.map((v, k) => Array.from(found.rows[k]!, (row) => (row < 0 ? undefined : rowBytes(v, row))));
  // The size first, then one buffer filled in order.
  const sep = n - 1;
  let size = refs.headBytes.length + key.length + 2;
  for (let f = 0; f < refs.column.length; f++) {
    const r = rows[refs.view[f]!]!;
    const c = refs.column[f]!;
    size += B.open.length + B.statuses.length + B.stamps.length + B.close.length + 3 * sep;
    for (let i = 0; i < n; i++) {
      const b = r[i];
      if (b === undefined) size += B.null.length + B.notFound.length + B.epoch.length;
      else size += b.at[c + 1]! - b.at[c]! + (b.null[c] === 1 ? B.nullValue.length : B.present.length) + b.stamp.length;
    }
  }
  const out = Buffer.allocUnsafe(size);
  const stamps: ([number, number] | undefined)[] = new Array(refs.views.length);
  out.set(refs.headBytes, 0);
  out.set(key, refs.headBytes.length);
  let at = refs.headBytes.length + key.length;
  for (let f = 0; f < refs.column.length; f++) {
    const r = rows[refs.view[f]!]!;
    const c = refs.column[f]!;
    out.set(B.open, at);
    at += B.open.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) out[at++] = 44; // ,
      const b = r[i];
      if (b === undefined) { out.set(B.null, at); at += B.null.length; continue; }
      const src = b.bytes;
      for (let j = b.at[c]!, e = b.at[c + 1]!; j < e; j++) out[at++] = src[j]!;
    }
    out.set(B.statuses, at);
    at += B.statuses.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) out[at++] = 44;
      const b = r[i];
      const st = b === undefined ? B.notFound : b.null[c] === 1 ? B.nullValue : B.present;
      out.set(st, at);
      at += st.length;
    }
    out.set(B.stamps, at);
    at += B.stamps.length;
    const k = refs.view[f]!;
    if (stamps[k] !== undefined) {
      // The same timestamps as the view's first feature: copied from there in one piece.
      out.copyWithin(at, stamps[k]![0], stamps[k]![1]);
      at += stamps[k]![1] - stamps[k]![0];
    } else {
      const from = at;
      for (let i = 0; i < n; i++) {
        if (i > 0) out[at++] = 44;
        const st = r[i]?.stamp ?? B.epoch;
        out.set(st, at);
        at += st.length;
      }
      stamps[k] = [from, at];
    }
    out.set(B.close, at);
    at += B.close.length;
  }
  out.set(B.close, at);
  at += B.close.length;
  if (at !== size) throw new Error(`feature server: response size ${at} is not the ${size} bytes counted`);
  return out;
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
