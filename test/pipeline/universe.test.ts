/** The universe record of the per-date families (families.md §6.3). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { universeOf } from '../../pipeline/universe.ts';

describe('the universe record', () => {
  const panel = { codes: ['72030', '13010', '99840'], rows: 7, date: Int32Array.from([10, 11, 12, 11, 12, 12, 13]) };

  it('hashes the sorted codes and counts the codes of each output date', () => {
    const u = universeOf(panel, 'codes', ['a158', 'cross_section', 'sector'], 11, 12)!;
    expect(u.selection).toBe('codes');
    expect(u.n_codes).toBe(3);
    expect(u.codes_sha256).toBe(createHash('sha256').update('13010\n72030\n99840').digest('hex'));
    expect(u.codes_per_date).toEqual({ cross_section: { min: 2, median: 3, max: 3 }, sector: { min: 2, median: 3, max: 3 } });
  });

  it('is absent when no universe-dependent family is written', () => {
    expect(universeOf(panel, 'all', ['a158', 'returns'], 10, 13)).toBeUndefined();
  });
});
