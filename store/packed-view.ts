/**
 * A whole view of the online store packed in one blob, rewritten with every materialization: the codes, their
 * days and their vectors as one Float64 matrix. Reads of many codes (a whole universe) take one blob per view
 * instead of one row per (view, code); `version` changes with every rewrite, so a server may keep what it derived.
 * Layout: u32 header length, header JSON {codes, width, version}, zero pad to 8, Int32 days, pad to 8, Float64 rows.
 */

export type PackedView = { codes: string[]; days: Int32Array; values: Float64Array; width: number; version: string };

const pad8 = (n: number): number => (n + 7) & ~7;

/** Packs a view (rows in `codes` order). */
export function packView(p: PackedView): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ codes: p.codes, width: p.width, version: p.version }));
  const daysAt = pad8(4 + header.length);
  const valuesAt = pad8(daysAt + p.days.byteLength);
  const out = new Uint8Array(valuesAt + p.values.byteLength);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  out.set(new Uint8Array(p.days.buffer, p.days.byteOffset, p.days.byteLength), daysAt);
  out.set(new Uint8Array(p.values.buffer, p.values.byteOffset, p.values.byteLength), valuesAt);
  return out;
}

/** Unpacks a blob from packView (the arrays are views over a copy aligned to 8 bytes). */
export function unpackView(bytes: Uint8Array): PackedView {
  const own = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes); // a copy (Buffer.slice would be a view)
  const len = new DataView(own.buffer, own.byteOffset, 4).getUint32(0, true);
  const h = JSON.parse(new TextDecoder().decode(own.subarray(4, 4 + len))) as { codes: string[]; width: number; version: string };
  const daysAt = pad8(4 + len);
  const n = h.codes.length;
  const valuesAt = pad8(daysAt + n * 4);
  return {
    codes: h.codes, width: h.width, version: h.version,
    days: new Int32Array(own.buffer, own.byteOffset + daysAt, n),
    values: new Float64Array(own.buffer, own.byteOffset + valuesAt, n * h.width),
  };
}

/** Codes at or above which a read takes the packed views. */
export const PACKED_READ_CODES = 64;
