/**
 * A binary sidecar of a JSON piece's records, for pieces whose text is costly to decode (non-ASCII, such as the
 * listed master's Japanese names): strings once in a dictionary, every value a tag and a float64, each record's keys
 * one of a few shapes. It is derived data: the JSON piece stays the source of truth, and a sidecar whose `fetchedAt`
 * differs from its piece's is ignored (the piece was refetched).
 * Layout: uint32 header length, the JSON header, padding to 8 bytes, float64 payloads, uint32 shape per record,
 * uint8 tag per value.
 */

type Header = { v: 1; fetchedAt: number; rows: number; values: number; shapes: string[][]; strings: string[] };

const STRING = 0;
const NUMBER = 1;
const NULL = 2;
const TRUE = 3;
const FALSE = 4;
/** An object or array, kept as its JSON text in the dictionary. */
const JSON_TEXT = 5;

/** The sidecar bytes of a piece's records, or null when a record holds something JSON could not have given. */
export function encodePieceRecords(records: readonly Record<string, unknown>[], fetchedAt: number): Uint8Array | null {
  const shapes: string[][] = [];
  const shapeIds = new Map<string, number>();
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const intern = (s: string): number => {
    let i = stringIds.get(s);
    if (i === undefined) { i = strings.length; strings.push(s); stringIds.set(s, i); }
    return i;
  };
  const shapeOf = new Uint32Array(records.length);
  let values = 0;
  for (let r = 0; r < records.length; r++) {
    const keys = Object.keys(records[r]!);
    if (keys.includes('__proto__')) return null;
    const sig = JSON.stringify(keys);
    let id = shapeIds.get(sig);
    if (id === undefined) { id = shapes.length; shapes.push(keys); shapeIds.set(sig, id); }
    shapeOf[r] = id;
    values += keys.length;
  }
  const payload = new Float64Array(values);
  const tags = new Uint8Array(values);
  let at = 0;
  for (let r = 0; r < records.length; r++) {
    const rec = records[r]!;
    for (const k of shapes[shapeOf[r]!]!) {
      const v = rec[k];
      if (typeof v === 'string') { tags[at] = STRING; payload[at] = intern(v); }
      else if (typeof v === 'number') { tags[at] = NUMBER; payload[at] = v; }
      else if (v === null) tags[at] = NULL;
      else if (v === true) tags[at] = TRUE;
      else if (v === false) tags[at] = FALSE;
      else if (typeof v === 'object') { tags[at] = JSON_TEXT; payload[at] = intern(JSON.stringify(v)); }
      else return null; // undefined, a function, a bigint: not from JSON
      at++;
    }
  }
  const head = new TextEncoder().encode(JSON.stringify({ v: 1, fetchedAt, rows: records.length, values, shapes, strings } satisfies Header));
  const start = align8(4 + head.length);
  const out = new Uint8Array(align8(start + values * 9 + records.length * 4));
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  out.set(new Uint8Array(payload.buffer), start);
  out.set(new Uint8Array(shapeOf.buffer), start + values * 8);
  out.set(tags, start + values * 8 + records.length * 4);
  return out;
}

/** A sidecar's parts, read in place where they are aligned; each string made on first use. */
type Opened = { n: number; payload: Float64Array; shapeOf: Uint32Array; tags: Uint8Array; shapes: string[][]; str: (i: number) => string; strings: number };

/** The parts of a sidecar, or null when it belongs to another fetch of the piece or is torn. */
function openPieceRecords(bytes: Uint8Array, fetchedAt: number): Opened | null {
  if (bytes.length < 4) return null;
  const headLen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  if (4 + headLen > bytes.length) return null;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + 4, headLen);
  const dict = lazyStrings(head);
  let h: Omit<Header, 'strings'>;
  try {
    // The header without its string dictionary (the strings are made one by one as records use them).
    h = JSON.parse(dict === null ? head.toString('utf8') : `${head.toString('utf8', 0, dict.at)}}`) as Header;
  } catch {
    return null;
  }
  if (h.v !== 1 || h.fetchedAt !== fetchedAt) return null;
  let str: (i: number) => string;
  let strings: number;
  if (dict !== null) { str = dict.str; strings = dict.count; }
  else {
    const all = (h as Header).strings;
    if (!Array.isArray(all)) return null;
    str = (i) => all[i]!;
    strings = all.length;
  }
  const start = align8(4 + headLen);
  const n = h.rows;
  const nv = h.values;
  if (!(bytes.length >= start + nv * 9 + n * 4)) return null; // torn
  // Read in place when the payloads fall 8-aligned (nothing returned refers to them), else copied out once.
  const inPlace = ((bytes.byteOffset + start) & 7) === 0;
  const body = inPlace ? bytes.buffer : Uint8Array.prototype.slice.call(bytes, start, start + nv * 9 + n * 4).buffer;
  const at0 = inPlace ? bytes.byteOffset + start : 0;
  return {
    n, shapes: h.shapes, str, strings,
    payload: new Float64Array(body, at0, nv), shapeOf: new Uint32Array(body, at0 + nv * 8, n), tags: new Uint8Array(body, at0 + nv * 8 + n * 4, nv),
  };
}

/**
 * The records of a sidecar (only the `fields` of each when given), or null when it belongs to another fetch of the
 * piece or is torn. `bytes` may be a view of any buffer; nothing returned refers to it.
 */
export function decodePieceRecords(bytes: Uint8Array, fetchedAt: number, fields?: readonly string[]): Record<string, unknown>[] | null {
  const o = openPieceRecords(bytes, fetchedAt);
  if (o === null) return null;
  const { n, payload, shapeOf, tags, str } = o;
  const want = fields === undefined ? null : new Set(fields);
  // Per shape: the positions of its values and the keys they go to (the wanted ones only).
  const picks = o.shapes.map((keys) => keys.flatMap((k, i) => (want === null || want.has(k) ? [[i, k] as const] : [])));
  const widths = o.shapes.map((keys) => keys.length);
  const out: Record<string, unknown>[] = new Array(n);
  let at = 0;
  for (let r = 0; r < n; r++) {
    const shape = shapeOf[r]!;
    const rec: Record<string, unknown> = {};
    for (const [i, k] of picks[shape]!) {
      const j = at + i;
      const tag = tags[j];
      rec[k] = tag === STRING ? str(payload[j]!) : tag === NUMBER ? payload[j] : tag === NULL ? null : tag === TRUE ? true : tag === FALSE ? false : JSON.parse(str(payload[j]!));
    }
    out[r] = rec;
    at += widths[shape]!;
  }
  return out;
}

/**
 * The `fields` of a sidecar's records as columns, one per field: for each record the id `idOf` gives its value, or -1
 * when the record has no such field; null when the sidecar belongs to another fetch or is torn. `idOf` is asked once
 * per distinct string of the sidecar, not once per record. Throws on a value that is an object or an array.
 */
export function pieceRecordColumns(bytes: Uint8Array, fetchedAt: number, fields: readonly string[], idOf: (v: unknown) => number): Int32Array[] | null {
  const o = openPieceRecords(bytes, fetchedAt);
  if (o === null) return null;
  const { n, payload, shapeOf, tags, str } = o;
  const cols = fields.map(() => new Int32Array(n).fill(-1));
  // Per shape: the positions of the wanted fields' values and their columns.
  const picks = o.shapes.map((keys) => keys.flatMap((k, i) => (fields.includes(k) ? [[i, cols[fields.indexOf(k)]!] as const] : [])));
  const widths = o.shapes.map((keys) => keys.length);
  const stringIds = new Int32Array(o.strings).fill(-1);
  let at = 0;
  for (let r = 0; r < n; r++) {
    const shape = shapeOf[r]!;
    for (const [i, col] of picks[shape]!) {
      const j = at + i;
      const tag = tags[j];
      let id: number;
      if (tag === STRING) {
        const k = payload[j]!;
        if (!(k >= 0 && k < stringIds.length)) throw new Error('records sidecar: a string index beyond its dictionary');
        id = stringIds[k]!;
        if (id < 0) id = stringIds[k] = idOf(str(k));
      } else if (tag === NUMBER) id = idOf(payload[j]);
      else if (tag === NULL) id = idOf(null);
      else if (tag === TRUE) id = idOf(true);
      else if (tag === FALSE) id = idOf(false);
      else throw new Error('records sidecar: an object value cannot be read as a column');
      col[r] = id;
    }
    at += widths[shape]!;
  }
  return cols;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const STRINGS_KEY = Buffer.from(',"strings":[');

/**
 * The header's string dictionary (its last member, a JSON array of strings) read lazily: where each string's bytes
 * are, found by one scan, and each made on first use (Latin-1 for ASCII bytes, which V8 makes fastest; UTF-8
 * otherwise; JSON.parse when it holds escapes). `at` is where the member starts. Null when the header is not laid out so.
 */
function lazyStrings(head: Buffer): { at: number; count: number; str: (i: number) => string } | null {
  // `,"strings":[` can only be the member itself: inside a JSON string a quote is escaped.
  const at = head.lastIndexOf(STRINGS_KEY);
  if (at < 0) return null;
  const starts: number[] = [];
  const ends: number[] = [];
  const plain: boolean[] = [];
  let i = at + STRINGS_KEY.length;
  const n = head.length;
  if (head[i] === 0x5d) i++; // an empty dictionary
  else {
    for (;;) {
      if (head[i] !== QUOTE) return null;
      const start = ++i;
      let simple = true;
      for (; i < n; i++) {
        const b = head[i]!;
        if (b === QUOTE) break;
        if (b === BACKSLASH) { simple = false; i++; } else if (b > 0x7f) simple = false;
      }
      if (i >= n) return null;
      starts.push(start);
      ends.push(i);
      plain.push(simple);
      i++;
      if (head[i] === 0x2c) { i++; continue; }
      if (head[i] === 0x5d) { i++; break; }
      return null;
    }
  }
  if (i !== n - 1 || head[i] !== 0x7d) return null; // the header's closing brace must follow
  const made: (string | undefined)[] = new Array(starts.length);
  const str = (k: number): string => {
    let s = made[k];
    if (s === undefined) {
      if (k >= starts.length) throw new Error('records sidecar: a string index beyond its dictionary');
      s = made[k] = plain[k] ? head.toString('latin1', starts[k], ends[k]) : JSON.parse(head.toString('utf8', starts[k]! - 1, ends[k]! + 1)) as string;
    }
    return s;
  };
  return { at, count: starts.length, str };
}

function align8(x: number): number {
  return (x + 7) & ~7;
}
