/**
 * A binary sidecar of a daily-bars piece: the piece's records as RawBars columns, so a cached run reads typed arrays
 * instead of parsing JSON. It is derived data: the JSON piece stays the source of truth, and a sidecar whose
 * `fetchedAt` differs from its piece's is ignored (the piece was refetched).
 * Layout: uint32 header length, the JSON header, padding to 8 bytes, then the columns back to back.
 */
import type { RawBars } from '../../../engine/raw-bars.ts';

const F64 = ['open', 'high', 'low', 'close', 'volume', 'turnover', 'adjFactor'] as const;
const ADJ = ['adjOpen', 'adjHigh', 'adjLow', 'adjClose', 'adjVolume'] as const;

type Header = { v: 1; fetchedAt: number; rows: number; codes: string[]; adj: boolean };

/** The sidecar bytes of a piece's columns. */
export function encodePieceColumns(raw: RawBars, fetchedAt: number): Uint8Array {
  const adj = raw.adjClose !== undefined;
  const head = new TextEncoder().encode(JSON.stringify({ v: 1, fetchedAt, rows: raw.rows, codes: raw.codes, adj } satisfies Header));
  const start = align8(4 + head.length);
  const n = raw.rows;
  const size = start + n * (4 + 4 + 8 * (F64.length + (adj ? ADJ.length : 0)) + 2);
  const out = new Uint8Array(align8(size));
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let at = start;
  const put = (a: Float64Array | Int32Array | Uint8Array): void => {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  };
  // 8-byte columns first, so every Float64 column stays aligned.
  for (const k of F64) put(raw[k]);
  if (adj) for (const k of ADJ) put(raw[k]!);
  put(raw.code); put(raw.date); put(raw.upperLimit); put(raw.lowerLimit);
  return out;
}

/**
 * What a run of in-place decodes shares: the last code list, which the next piece reuses when its header lists the
 * same codes (most days list the same ones), instead of making thousands of strings again.
 */
export type ViewState = { codesText?: string; codes?: string[] };

/**
 * The columns of a sidecar, or null when it belongs to another fetch of the piece or is unreadable. With `view`,
 * they are views of `bytes` whatever buffer holds it (which must then start 8-aligned and outlive them), and their
 * `codes` may be the array an earlier decode with the same state returned (do not change it).
 */
export function decodePieceColumns(bytes: Uint8Array, fetchedAt: number, view?: ViewState): RawBars | null {
  if (bytes.length < 4) return null;
  const headLen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  let h: Header;
  try {
    const text = new TextDecoder().decode(bytes.subarray(4, 4 + headLen));
    // The header is {"v":1,"fetchedAt":…,"rows":…,"codes":[…],"adj":…}: its codes text is compared, not parsed, first.
    const from = text.indexOf(',"codes":[');
    const to = text.lastIndexOf('],"adj":');
    if (view !== undefined && from > 0 && to > from && view.codes !== undefined && text.slice(from, to) === view.codesText) {
      h = { ...JSON.parse(text.slice(0, from) + text.slice(to + 1)) as Header, codes: view.codes };
    } else {
      h = JSON.parse(text) as Header;
      if (view !== undefined && from > 0 && to > from) { view.codesText = text.slice(from, to); view.codes = h.codes; }
    }
  } catch {
    return null;
  }
  if (h.v !== 1 || h.fetchedAt !== fetchedAt) return null;
  const n = h.rows;
  if (bytes.length < align8(4 + headLen) + n * (8 * (F64.length + (h.adj ? ADJ.length : 0)) + 4 + 4 + 2)) return null; // torn
  // The columns are views of `bytes` when it owns its whole memory and they fall 8-aligned in it (a file read in one
  // piece does) or when the caller asks for views; else they are copied once into a buffer of our own (a pooled Buffer is shared with other data).
  const start = align8(4 + headLen);
  const owned = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength && !(bytes.buffer instanceof SharedArrayBuffer);
  const inPlace = owned || (view !== undefined && (bytes.byteOffset & 7) === 0);
  const body = inPlace ? bytes.buffer : Uint8Array.prototype.slice.call(bytes, start).buffer;
  let at = inPlace ? bytes.byteOffset + start : 0;
  const f64 = (): Float64Array => { const a = new Float64Array(body, at, n); at += n * 8; return a; };
  const i32 = (): Int32Array => { const a = new Int32Array(body, at, n); at += n * 4; return a; };
  const u8 = (): Uint8Array => { const a = new Uint8Array(body, at, n); at += n; return a; };
  const cols = F64.map(f64);
  const adj = h.adj ? ADJ.map(f64) : null;
  const raw: RawBars = {
    rows: n, codes: h.codes, open: cols[0]!, high: cols[1]!, low: cols[2]!, close: cols[3]!, volume: cols[4]!, turnover: cols[5]!, adjFactor: cols[6]!,
    code: i32(), date: i32(), upperLimit: u8(), lowerLimit: u8(),
  };
  if (adj !== null) { raw.adjOpen = adj[0]!; raw.adjHigh = adj[1]!; raw.adjLow = adj[2]!; raw.adjClose = adj[3]!; raw.adjVolume = adj[4]!; }
  return raw;
}

function align8(x: number): number {
  return (x + 7) & ~7;
}
