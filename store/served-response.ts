/**
 * The feature server's response bytes in Feast's shape (the same text as feast-response.ts writes for the same
 * rows), built from the served views' bytes made once per row: one result per feature (the first holds the entity key),
 * one entry per code; statuses PRESENT, NULL_VALUE, NOT_FOUND; event_timestamps the row's availability time.
 */
import { lookupCode } from './code-lookup.ts';
import { makeRow, PART as P, type ServedRefs } from './served-views.ts';

const EPOCH = '"1970-01-01T00:00:00Z"';

/** A request's codes looked up in the views it reads: rows[k][i] is code i's row in view k (-1: none). */
export type ServedRows = { rows: Int32Array[]; /** Codes with no row in any view read. */ missing: string[] };

/** Finds each code's row in every view the features read. */
export function findRows(refs: ServedRefs, codes: readonly string[]): ServedRows {
  const rows = refs.views.map((v) => {
    const r = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) r[i] = lookupCode(v.rowOf, codes[i]!) ?? -1;
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
const B = { epoch: ASCII(EPOCH), notFound: ASCII('"NOT_FOUND"') };

/** The response for many codes, written byte by byte into one buffer from each row's bytes (makeRow). */
function servedMany(refs: ServedRefs, codes: readonly string[], found: ServedRows): Buffer {
  const n = codes.length;
  const key = Buffer.from(`{"values":[${codes.map((c) => JSON.stringify(c)).join(',')}],"statuses":[${repeat('"PRESENT"', n)}],"event_timestamps":[${repeat(EPOCH, n)}]}`);
  refs.views.forEach((v, k) => { for (const row of found.rows[k]!) if (row >= 0) makeRow(v, row); });
  // The size first, then one buffer filled in order.
  const sep = n - 1;
  let size = refs.headBytes.length + key.length + 2;
  for (let f = 0; f < refs.column.length; f++) {
    const v = refs.views[refs.view[f]!]!;
    const rows = found.rows[refs.view[f]!]!;
    const c = refs.column[f]!;
    const w = v.def.features.length;
    size += P.open.length + P.statuses.length + P.stamps.length + P.close.length + 3 * sep;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      if (row < 0) size += P.null.length + B.notFound.length + B.epoch.length;
      else size += v.textEnd[row * w + c]! - v.at[row * (w + 1) + c]! - P.open.length + (v.null[row * w + c] === 1 ? P.nullValue.length : P.present.length) + v.stampAt[2 * row + 1]! - v.stampAt[2 * row]!;
    }
  }
  const out = Buffer.allocUnsafe(size);
  const stamps: ([number, number] | undefined)[] = new Array(refs.views.length);
  out.set(refs.headBytes, 0);
  out.set(key, refs.headBytes.length);
  let at = refs.headBytes.length + key.length;
  for (let f = 0; f < refs.column.length; f++) {
    const k = refs.view[f]!;
    const v = refs.views[k]!;
    const rows = found.rows[k]!;
    const c = refs.column[f]!;
    const w = v.def.features.length;
    const src = v.bytes;
    out.set(P.open, at);
    at += P.open.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) out[at++] = 44; // ,
      const row = rows[i]!;
      if (row < 0) { out.set(P.null, at); at += P.null.length; continue; }
      for (let j = v.at[row * (w + 1) + c]! + P.open.length, e = v.textEnd[row * w + c]!; j < e; j++) out[at++] = src[j]!;
    }
    out.set(P.statuses, at);
    at += P.statuses.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) out[at++] = 44;
      const row = rows[i]!;
      const st = row < 0 ? B.notFound : v.null[row * w + c] === 1 ? P.nullValue : P.present;
      out.set(st, at);
      at += st.length;
    }
    out.set(P.stamps, at);
    at += P.stamps.length;
    if (stamps[k] !== undefined) {
      // The same timestamps as the view's first feature: copied from there in one piece.
      out.copyWithin(at, stamps[k]![0], stamps[k]![1]);
      at += stamps[k]![1] - stamps[k]![0];
    } else {
      const from = at;
      for (let i = 0; i < n; i++) {
        if (i > 0) out[at++] = 44;
        const row = rows[i]!;
        if (row < 0) { out.set(B.epoch, at); at += B.epoch.length; continue; }
        for (let j = v.stampAt[2 * row]!, e = v.stampAt[2 * row + 1]!; j < e; j++) out[at++] = src[j]!;
      }
      stamps[k] = [from, at];
    }
    out.set(P.close, at);
    at += P.close.length;
  }
  out.set(P.close, at);
  at += P.close.length;
  if (at !== size) throw new Error(`feature server: response size ${at} is not the ${size} bytes counted`);
  return out;
}

/** `text` n times, comma-separated. */
function repeat(text: string, n: number): string {
  return n === 0 ? '' : `${text},`.repeat(n - 1) + text;
}

const NOT_FOUND_ONE = Buffer.from(`,{"values":[null],"statuses":["NOT_FOUND"],"event_timestamps":[${EPOCH}]}`);
const KEY_OPEN = ASCII('{"values":[');
const KEY_CLOSE = ASCII(`],"statuses":["PRESENT"],"event_timestamps":[${EPOCH}]}`);

/** The response for one code: each run of features copied in one piece from its row's bytes (makeRow). */
function servedOne(refs: ServedRefs, code: string, found: ServedRows): Buffer {
  const key = JSON.stringify(code);
  const runs = refs.runs;
  let size = refs.headBytes.length + KEY_OPEN.length + Buffer.byteLength(key) + KEY_CLOSE.length + 2;
  for (let r = 0; r < runs.length; r += 3) {
    const k = runs[r]!;
    const row = found.rows[k]![0]!;
    if (row < 0) { size += (runs[r + 2]! - runs[r + 1]!) * NOT_FOUND_ONE.length; continue; }
    const v = refs.views[k]!;
    makeRow(v, row);
    const base = row * (v.def.features.length + 1);
    size += v.at[base + runs[r + 2]!]! - v.at[base + runs[r + 1]!]!;
  }
  const out = take(size);
  let at = refs.headBytes.copy(out, 0);
  at += KEY_OPEN.copy(out, at);
  at += out.write(key, at);
  at += KEY_CLOSE.copy(out, at);
  for (let r = 0; r < runs.length; r += 3) {
    const k = runs[r]!;
    const row = found.rows[k]![0]!;
    if (row < 0) { for (let f = runs[r + 1]!; f < runs[r + 2]!; f++) at += NOT_FOUND_ONE.copy(out, at); continue; }
    const v = refs.views[k]!;
    const base = row * (v.def.features.length + 1);
    at += v.bytes.copy(out, at, v.at[base + runs[r + 1]!]!, v.at[base + runs[r + 2]!]!);
  }
  at += out.write(']}', at);
  if (at !== size) throw new Error(`feature server: response size ${at} is not the ${size} bytes counted`);
  return out;
}

/** Small responses are cut from 1 MiB chunks (one allocation per ~100 responses instead of one each). */
const CHUNK = 1 << 20;
let chunk = Buffer.allocUnsafeSlow(CHUNK);
let used = 0;

/** A buffer of `size` bytes for a response (contents undefined), cut from the current chunk when small. */
function take(size: number): Buffer {
  if (size > CHUNK >> 4) return Buffer.allocUnsafe(size);
  if (used + size > CHUNK) { chunk = Buffer.allocUnsafeSlow(CHUNK); used = 0; }
  const out = chunk.subarray(used, used + size);
  used = (used + size + 7) & ~7;
  return out;
}
