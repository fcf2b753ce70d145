import { describe, expect, it } from 'vitest';
import { buildDateIndex, makeDateShards } from '../../engine/date-index.ts';

describe('the date-major index', () => {
  it('lists each date\'s rows in code order', () => {
    // code A: days 10, 11, 13; code B: days 11, 12, 13
    const date = Int32Array.from([10, 11, 13, 11, 12, 13]);
    const ix = buildDateIndex(date);
    expect([...ix.dates]).toEqual([10, 11, 12, 13]);
    expect([...ix.offsets]).toEqual([0, 1, 3, 4, 6]);
    expect([...ix.rows]).toEqual([0, 1, 3, 4, 2, 5]);
  });

  it('covers only the requested row range', () => {
    const date = Int32Array.from([10, 11, 13, 11, 12, 13]);
    const ix = buildDateIndex(date, 3, 6);
    expect([...ix.dates]).toEqual([11, 12, 13]);
    expect([...ix.rows]).toEqual([3, 4, 5]);
  });

  it('is empty for no rows', () => {
    const ix = buildDateIndex(new Int32Array(0));
    expect(ix.dates.length).toBe(0);
    expect([...ix.offsets]).toEqual([0]);
  });

  it('splits dates into shards that cover every date once', () => {
    const date = Int32Array.from({ length: 100 }, (_, i) => i % 10);
    const ix = buildDateIndex(date);
    const shards = makeDateShards(ix, 3);
    expect(shards[0]!.dateLo).toBe(0);
    expect(shards.at(-1)!.dateHi).toBe(10);
    for (let i = 1; i < shards.length; i++) expect(shards[i]!.dateLo).toBe(shards[i - 1]!.dateHi);
    expect(shards.length).toBeGreaterThanOrEqual(3);
  });
});
