/** The point-in-time match on typed arrays (store/pit-join.ts), on cases worked by hand. */
import { expect, it } from 'vitest';
import { makePrng } from '../../io/sample/prng.ts';
import { asOfMatch, codeRuns, entityRuns } from '../../store/pit-join.ts';

const DAY = 86_400_000;

it('groups store rows by code in the order given, with their dates laid out in run order', () => {
  const r = codeRuns(Int32Array.from([1, 0, 1, 0, 1]), Int32Array.from([10, 10, 11, 12, 13]), 3);
  expect([...r.start]).toEqual([0, 2, 5, 5]);
  expect([...r.order]).toEqual([1, 3, 0, 2, 4]);
  expect([...r.day]).toEqual([10, 12, 10, 11, 13]);
});

it('orders each code\'s entities by timestamp, ties in entity order, and leaves out codes the store lacks', () => {
  const code = Int32Array.from([1, 0, 1, -1, 1, 0, 1]);
  const ts = Float64Array.from([50, 7, 20, 1, 50, 7, -0]);
  const r = entityRuns(code, ts, 2);
  expect([...r.start]).toEqual([0, 2, 6]);
  expect([...r.order]).toEqual([1, 5, 6, 2, 0, 4]);
  expect([...r.ts]).toEqual([7, 7, -0, 20, 50, 50]);
});

it('orders entities the same way past 65,536 distinct timestamps (ranked by sorting them all)', () => {
  for (const distinct of [1000, 10_000_000]) {
    const n = 80_000;
    const rng = makePrng(distinct);
    const code = Int32Array.from({ length: n }, () => rng.int(0, 3));
    const ts = Float64Array.from({ length: n }, () => rng.int(0, distinct) * 60_000 - 5e11);
    const r = entityRuns(code, ts, 3);
    const expected = [0, 1, 2].flatMap((k) => [...code.keys()].filter((e) => code[e] === k).sort((a, b) => ts[a]! - ts[b]! || a - b));
    expect([...r.order]).toEqual(expected);
  }
});

it('puts an entity without a timestamp last in its code and never matches it', () => {
  const code = Int32Array.from([0, 0, 0]);
  const ts = Float64Array.from([Number.NaN, 5 * DAY, 3 * DAY]);
  const runs = entityRuns(code, ts, 1);
  expect([...runs.order]).toEqual([2, 1, 0]);
  const store = codeRuns(Int32Array.from([0, 0]), Int32Array.from([2, 4]), 1);
  expect([...asOfMatch(store, runs, 0, 10 * DAY, 3)]).toEqual([-1, 1, 0]);
});

it('matches the latest row available at or before the timestamp, within the TTL', () => {
  // code 0 has rows on days 2, 4, 9 (global rows 0, 2, 3); code 1 on day 3 (row 1); available 16:30 of the day
  const store = codeRuns(Int32Array.from([0, 1, 0, 0]), Int32Array.from([2, 3, 4, 9]), 2);
  const off = 16.5 * 3_600_000;
  const ts = Float64Array.from([
    4 * DAY + off - 1, // a millisecond before day 4 is known: day 2
    4 * DAY + off, // exactly when it is known: day 4
    2 * DAY, // before any row: null
    8 * DAY + off, // day 4 is 4 days old, TTL 4 days: still day 4
    8 * DAY + off + 1, // past the TTL: null
    20 * DAY, // day 9 is 11 days old: null
    3 * DAY + off, // code 1 at its row's availability
  ]);
  const code = Int32Array.from([0, 0, 0, 0, 0, 0, 1]);
  expect([...asOfMatch(store, entityRuns(code, ts, 2), off, 4 * DAY, 7)]).toEqual([0, 2, -1, 2, -1, -1, 1]);
});
