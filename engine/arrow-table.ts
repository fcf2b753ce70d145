/**
 * A Panel (and its feature columns) as an apache-arrow Table over the same SharedArrayBuffers: no value is copied.
 * Nulls (NaN) become an Arrow validity bitmap, the one new buffer per nullable column.
 */
import { Bool, Data, DateDay, Dictionary, Field, Float64, Int8, Int32, makeData, RecordBatch, Schema, Struct, Table, Utf8, Vector } from 'apache-arrow';
import type { Panel } from './panel.ts';

/** The validity bitmap of a Float64 column (bit set = valid), or undefined when nothing is null. */
export function validityOf(values: Float64Array): { bitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) nullCount++;
  if (nullCount === 0) return { bitmap: undefined, nullCount };
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) bitmap[i >> 3]! |= 1 << (i & 7);
  return { bitmap, nullCount };
}

function float64Data(values: Float64Array): Data<Float64> {
  const { bitmap, nullCount } = validityOf(values);
  return makeData({ type: new Float64(), length: values.length, data: values, nullBitmap: bitmap, nullCount });
}

function codeData(panel: Panel): Data<Dictionary<Utf8, Int32>> {
  const enc = new TextEncoder();
  const bytes = panel.codes.map((c) => enc.encode(c));
  const valueOffsets = new Int32Array(bytes.length + 1);
  for (let i = 0; i < bytes.length; i++) valueOffsets[i + 1] = valueOffsets[i]! + bytes[i]!.length;
  const data = new Uint8Array(valueOffsets[bytes.length]!);
  bytes.forEach((b, i) => data.set(b, valueOffsets[i]!));
  const dictionary = new Vector([makeData({ type: new Utf8(), length: bytes.length, valueOffsets, data })]);
  const type = new Dictionary(new Utf8(), new Int32());
  return makeData({ type, length: panel.rows, data: panel.code, dictionary });
}

/** The panel's identity columns plus `features` as an Arrow Table, zero-copy over the shared buffers. */
export function panelToArrow(panel: Panel, features: Record<string, Float64Array> = {}): Table {
  const n = panel.rows;
  const cols: [string, Data][] = [
    ['Code', codeData(panel)],
    ['Date', makeData({ type: new DateDay(), length: n, data: panel.date })],
    ['Open', float64Data(panel.open)],
    ['High', float64Data(panel.high)],
    ['Low', float64Data(panel.low)],
    ['Close', float64Data(panel.close)],
    ['Volume', float64Data(panel.volume)],
    ['TurnoverValue', float64Data(panel.turnover)],
    ['is_traded', makeData({ type: new Bool(), length: n, data: packBits(panel.traded) })],
    ['limit_hit', makeData({ type: new Int8(), length: n, data: panel.limit })],
  ];
  for (const [name, values] of Object.entries(features)) cols.push([name, float64Data(values)]);
  const fields = cols.map(([name, d]) => new Field(name, d.type, d.nullCount > 0));
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length: n, children: cols.map(([, d]) => d) });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

/** Arrow booleans are bit-packed, so the 0/1 byte column is the one column that must be repacked. */
function packBits(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array((bytes.length + 7) >> 3);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) out[i >> 3]! |= 1 << (i & 7);
  return out;
}
