import { describe, expect, it } from 'vitest';
import { isValidCode } from '../../../pipeline/quality/codes.ts';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { allRows, cleanRaw, findings, pickRows, rowOf, weekdays } from './make-raw.ts';

describe('stock codes', () => {
  it('accepts numeric and alphanumeric J-Quants codes (tse.md §2.6)', () => {
    for (const c of ['72030', '13010', '99990', '25935', '130A0', '131A0', '130C0', '1A000', '9A9A0']) expect(isValidCode(c), c).toBe(true);
  });

  it('rejects 4-character, lower-case, excluded-letter and misplaced-letter codes', () => {
    const bad = ['7203', '720300', '01300', '130B0', '130E0', '130I0', '130O0', '130Q0', '130V0', '130Z0', '130a0', '1300A', 'A3000', '13A00', '72030 ', ''];
    for (const c of bad) expect(isValidCode(c), c).toBe(false);
  });

  it('quarantines every row of a malformed code, and nothing else', () => {
    const raw = cleanRaw();
    raw.codes[2] = '8697';
    const v = validateRaw(raw, { calendar: weekdays });
    const rows = Array.from({ length: 40 }, (_, t) => rowOf(2, t));
    expect(findings(v.results)).toEqual({ 'code-format': rows });
    expect(v.stats.rowsKept).toBe(80);
    expect(v.stats.codes).toBe(2);
  });

  it('quarantines a row whose code index is outside the dictionary', () => {
    const raw = cleanRaw();
    raw.code[rowOf(1, 4)] = 9;
    const v = validateRaw(raw, { calendar: weekdays });
    // Code 130A0 lost day 4, so its day 5 row follows a gap: a warning, and that day's base is unknown.
    expect(findings(v.results)).toEqual({ 'code-format': [rowOf(1, 4)], 'missing-business-day': [rowOf(1, 5)] });
  });

  it('treats a code written twice in the dictionary as one code', () => {
    const raw = pickRows(cleanRaw(), [...allRows(cleanRaw()), rowOf(0, 5)]);
    raw.codes.push('72030');
    raw.code[120] = 3;
    const v = validateRaw(raw, { calendar: weekdays });
    expect(findings(v.results)).toEqual({ duplicate: [120] });
  });
});
