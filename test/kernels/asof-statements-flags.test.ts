/**
 * The statement flags around staleness (families.md §4.4-§4.5), a hand case. §4.4: "Every column except the three
 * timing columns is null when t − CurPerEn(L) > 200 calendar days"; the timing columns are stmt_imp_statement
 * "and the next two" (stmt_days_since_statement, stmt_fiscal_quarter). stmt_imp_revision is not one of them, so on
 * a stale row it is null; elsewhere it is false unless a document with eff = t revised E*(t) (§0: a flag is false,
 * not null, when the source is present and nothing applies).
 */
import { describe, expect, it } from 'vitest';
import type { EventTable, JoinRows } from '../../kernels/asof-join.ts';
import { CLS_E, CLS_R, joinStatements, periodKey, PER_FY, STMT_COLUMNS } from '../../kernels/features-statements.ts';

const N = Number.NaN;

describe('statement flags', () => {
  it('writes stmt_imp_revision false before and between revisions, true on one, and null once the report is stale', () => {
    // FY document of the year ending day 1000 (from 636: 365 days), next year's OP guidance 100, effective at row 1;
    // earnings revisions of that next year (ending 1365) to 110 at row 3 and to 121 at row 6. Row i is dated
    // 1040 + 30 i, so rows 0-5 are within 200 days of CurPerEn 1000 and rows 6-7 (220, 250 days) are stale.
    const fields: Record<string, number[]> = {
      Cls: [CLS_R, CLS_E, CLS_E], Per: [PER_FY, PER_FY, PER_FY], DiscDate: [1040, 1130, 1220],
      PerEn: [1000, 1365, 1365], FYSt: [636, 1001, 1001], FYEn: [1000, 1365, 1365], NxSt: [1001, N, N], NxEn: [1365, N, N],
      Sales: [1000, N, N], OP: [90, N, N], NP: [50, N, N], BPS: [N, N, N], Eq: [500, N, N], EqAR: [N, N, N],
      FOP: [N, 110, 121], FNP: [N, N, N], FEPS: [N, N, N], FDivAnn: [N, N, N],
      NxFOP: [100, N, N], NxFNp: [N, N, N], NxFEPS: [N, N, N], NxFDivAnn: [N, N, N],
    };
    const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Float64Array.from(v)]));
    const t: EventTable = { offsets: Int32Array.of(0, 3), eff: Int32Array.of(1, 3, 6), obj: Float64Array.of(periodKey(1000, PER_FY), -2, -1), ver: new Float64Array(3), values };
    const n = 8;
    const rows: JoinRows = {
      offsets: Int32Array.of(0, n), ord: Int32Array.from({ length: n }, (_, i) => i), date: Int32Array.from({ length: n }, (_, i) => 1040 + 30 * i),
      close: new Float64Array(n).fill(10), vma: new Float64Array(n).fill(100), factor: new Float64Array(n).fill(1),
    };
    const out = Object.fromEntries(STMT_COLUMNS.map((c) => [c, new Float64Array(n)]));
    joinStatements(rows, t, 0, 1, out, new Int32Array(n), new Int32Array(n));
    expect(Array.from(out.stmt_imp_revision!)).toEqual([0, 0, 0, 1, 0, 0, N, N]);
    expect(Array.from(out.stmt_rev_fore_op!)).toEqual([N, N, N, 0.1, 0.1, 0.1, N, N]);
    // The timing columns go on through staleness: the revision at row 6 is a class E document.
    expect(Array.from(out.stmt_imp_statement!)).toEqual([0, 1, 0, 1, 0, 0, 1, 0]);
    expect(Array.from(out.stmt_days_since_statement!)).toEqual([N, 0, 1, 0, 1, 2, 0, 1]);
    expect(Array.from(out.stmt_fiscal_quarter!)).toEqual([N, 4, 4, 4, 4, 4, 4, 4]);
    // A non-timing value column: operating margin 90 / 1000, null when stale.
    expect(Array.from(out.stmt_opm!)).toEqual([N, 0.09, 0.09, 0.09, 0.09, 0.09, N, N]);
  });
});
