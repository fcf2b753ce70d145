/** Hand cases of the as-of kernel and two families (families.md §10.4), with small numbers and values worked by hand. */
import { describe, expect, it } from 'vitest';
import { asofSweep, makeVersions, type EventTable, type JoinRows } from '../../kernels/asof-join.ts';
import { DMI_COLUMNS, joinDmi } from '../../kernels/features-dmi.ts';
import { flowGrid, FLOW_CATEGORIES, weekKey } from '../../kernels/features-flows.ts';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('asofSweep', () => {
  it('uses the greatest known version of the greatest known object, and expires after maxAge', () => {
    // Object 10 at eff 1 (v1), its correction at eff 3 (v2); object 20 at eff 5; rows at ordinals 0..9.
    const t: EventTable = { offsets: Int32Array.of(0, 3), eff: Int32Array.of(1, 3, 5), obj: f64([10, 10, 20]), ver: f64([1, 2, 1]), values: {} };
    const rec: number[] = [];
    const slot = new Int32Array(10);
    const age = new Int32Array(10);
    const rows = Int32Array.from({ length: 10 }, (_, i) => i);
    asofSweep(rows, 0, 10, t, 0, 3, makeVersions(4), (v, _k, e) => { rec[e] = v.rec[v.n - 1]!; return v.first[v.n - 1]!; }, 2, slot, age);
    expect(Array.from(slot)).toEqual([-1, 0, 0, 1, -1, 2, 2, 2, -1, -1]);
    expect(rec).toEqual([0, 1, 2]);
    // Age counts from the object's first eff (1), not from its correction (3): row 4 is 3 days past it.
    expect(Array.from(age)).toEqual([-1, 0, 1, 2, 3, 0, 1, 2, 3, 4]);
  });
});

describe('daily margin', () => {
  it('holds a designation for 5 business days after its last record, alert only on the first', () => {
    // One record effective at ordinal 2 (LongOut 200, ShrtOut 50, no previous day), rows at ordinals 0..8, vma 100.
    const t: EventTable = {
      offsets: Int32Array.of(0, 1), eff: Int32Array.of(2), obj: f64([1]), ver: f64([1]),
      values: { LongOut: f64([200]), ShrtOut: f64([50]), LongOutChg: f64([Number.NaN]), ShrtOutChg: f64([Number.NaN]), LongOutRatio: f64([1.5]), ShrtOutRatio: f64([Number.NaN]), RegCls: f64([101]) },
    };
    const n = 9;
    const rows: JoinRows = { offsets: Int32Array.of(0, n), ord: Int32Array.from({ length: n }, (_, i) => i), date: Int32Array.from({ length: n }, (_, i) => 19000 + i), close: new Float64Array(n).fill(10), vma: new Float64Array(n).fill(100), factor: new Float64Array(n).fill(1) };
    const out = Object.fromEntries(DMI_COLUMNS.map((c) => [c, new Float64Array(n)]));
    joinDmi(rows, t, 0, 1, out, new Int32Array(n), new Int32Array(n));
    const N = Number.NaN;
    expect(Array.from(out.dmi_is_alert!)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(out.dmi_long_to_adv20!)).toEqual([N, N, 2, 2, 2, 2, 2, N, N]);
    expect(Array.from(out.dmi_short_long_ratio!)).toEqual([N, N, 0.25, 0.25, 0.25, 0.25, 0.25, N, N]);
    expect(Array.from(out.dmi_d_long_to_adv1d!)).toEqual(new Array(n).fill(N));
    expect(Array.from(out.dmi_long_listed_ratio!)).toEqual([N, N, 0.015, 0.015, 0.015, 0.015, 0.015, N, N]);
    expect(Array.from(out.dmi_tse_reg_cls!)).toEqual([N, N, 101, 101, 101, 101, 101, N, N]);
    expect(Array.from(out.dmi_days_since_pub!)).toEqual([N, N, 1, 2, 3, 4, 5, N, N]);
  });
});

describe('investor flows', () => {
  it('never makes a late correction of an older week current, and uses it in the 4-week ratio from its eff', () => {
    // Weeks A < B < C < D (EnDate 7, 14, 21, 28), each Frgn buy 3 sell 1 (net ratio 0.5); D published at eff 4;
    // a correction of A (buy 1, sell 3: -0.5) at eff 6. 4w before: (2*4)/(4*4) = 0.5; after: (2*3 - 2)/16 = 0.25.
    const buy = [3, 3, 3, 3, 1];
    const sell = [1, 1, 1, 1, 3];
    const values: Record<string, Float64Array> = {};
    for (const c of FLOW_CATEGORIES) { values[`${c}Buy`] = f64(buy); values[`${c}Sell`] = f64(sell); }
    const t: EventTable = {
      offsets: Int32Array.of(0, 5), eff: Int32Array.of(1, 2, 3, 4, 6),
      obj: f64([weekKey(3, 7), weekKey(10, 14), weekKey(17, 21), weekKey(24, 28), weekKey(3, 7)]), ver: f64([1, 2, 3, 4, 5]), values,
    };
    const g = flowGrid(t, 0, 8);
    const N = Number.NaN;
    expect(Array.from(g.flow_foreign_net_ratio!)).toEqual([N, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(g.flow_foreign_net_ratio_4w!)).toEqual([N, N, N, N, 0.5, 0.5, 0.25, 0.25]);
    expect(Array.from(g.flow_days_since!)).toEqual([N, 0, 0, 0, 0, 1, 2, 3]);
  });
});
