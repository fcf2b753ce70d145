import { describe, expect, it } from 'vitest';
import { rawBarsFromRecords } from '../../../engine/raw-from-records.ts';
import { decodePieceColumns, encodePieceColumns } from '../../../io/jquants/cache/piece-columns.ts';

const raw = rawBarsFromRecords([
  { Date: '2024-01-04', Code: '72030', O: 10, H: 12, L: 9, C: 11, UL: '1', LL: '0', Vo: 100, Va: 1100, AdjFactor: 1, AdjO: 10, AdjH: 12, AdjL: 9, AdjC: 11, AdjVo: 100 },
  { Date: '2024-01-04', Code: '130A0', O: null, H: null, L: null, C: null, UL: '0', LL: '0', Vo: null, Va: null, AdjFactor: 0.5, AdjO: null, AdjH: null, AdjL: null, AdjC: null, AdjVo: null },
]);

describe('the columns sidecar of a bars piece', () => {
  it('decodes to the same columns, nulls and codes included, even from a view into a larger buffer', () => {
    const bytes = encodePieceColumns(raw, 1234);
    const pooled = new Uint8Array(bytes.length + 13);
    pooled.set(bytes, 13);
    const back = decodePieceColumns(pooled.subarray(13), 1234)!;
    expect(back.codes).toEqual(['72030', '130A0']);
    expect([...back.code]).toEqual([0, 1]);
    expect([...back.date]).toEqual([...raw.date]);
    expect([...back.close]).toEqual([11, NaN]);
    expect([...back.adjFactor]).toEqual([1, 0.5]);
    expect([...back.upperLimit]).toEqual([1, 0]);
    expect([...back.adjVolume!]).toEqual([100, NaN]);
    pooled.fill(0);
    expect([...back.close]).toEqual([11, NaN]); // a view into a shared buffer is copied, never aliased
  });

  it('views the columns in place when the bytes own their whole buffer (a file read in one piece)', () => {
    const bytes = encodePieceColumns(raw, 1234);
    const back = decodePieceColumns(bytes, 1234)!;
    expect(back.close.buffer).toBe(bytes.buffer);
    expect([...back.close]).toEqual([11, NaN]);
    expect([...back.lowerLimit]).toEqual([0, 0]);
    expect([...back.adjOpen!]).toEqual([10, NaN]);
  });

  it('is ignored when it belongs to another fetch of the piece', () => {
    expect(decodePieceColumns(encodePieceColumns(raw, 1234), 5678)).toBeNull();
    expect(decodePieceColumns(new Uint8Array([1, 0, 0, 0, 123]), 1234)).toBeNull();
  });
});
