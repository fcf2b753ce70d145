import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../engine/dates.ts';
import type { Piece } from '../../../io/jquants/cache/piece.ts';
import { ENDPOINTS } from '../../../io/jquants/endpoints.ts';
import { planCodeDate, planRange } from '../../../io/jquants/planner.ts';

const D0 = dayOf(2026, 11, 2); // a Monday
const days = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => D0 + i);
const piece = (series: string, from: number, to: number, finalThrough = to): Piece => ({
  key: `bars|${series}|${from}|${to}`, endpoint: 'bars', series, from, to, finalThrough, rows: 1, fetchedAt: 0, file: '',
});

function plan(n: number, codes: string[] | null, cached: Piece[] = [], endpoint = ENDPOINTS.bars) {
  const dayPieces = new Map(cached.filter((p) => p.series === '*').map((p) => [p.from, p]));
  return planCodeDate({
    endpoint, days: days(n), codes, today: D0 + 30, dayPieces,
    codePieces: (c) => cached.filter((p) => p.series === c),
  });
}

describe('request planner', () => {
  it('every code: one request per business day', () => {
    const p = plan(5, null);
    expect(p.strategy).toBe('per-day');
    expect(p.requests).toBe(5);
    expect(p.tasks.map((t) => t.params.date)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
  });

  it('two codes over ten days: one request per code with from/to (2 < 10)', () => {
    const p = plan(10, ['72030', '67580']);
    expect(p.strategy).toBe('per-code');
    expect(p.compared).toEqual({ perDay: 10, perCode: 2 });
    expect(p.tasks[0]).toEqual({ series: '72030', from: D0, to: D0 + 9, params: { code: '72030', from: '2026-11-02', to: '2026-11-11' } });
  });

  it('five codes over three days: per day (3 < 5); a tie goes per day', () => {
    expect(plan(3, ['1', '2', '3', '4', '5'].map((c) => `1${c}000`)).strategy).toBe('per-day');
    const tie = plan(2, ['72030', '67580']);
    expect(tie.compared).toEqual({ perDay: 2, perCode: 2 });
    expect(tie.strategy).toBe('per-day');
  });

  it('counts only what the cache lacks: final day pieces and final code pieces are skipped', () => {
    const dayPieces = Array.from({ length: 8 }, (_, i) => piece('*', D0 + i, D0 + i));
    const p = plan(10, ['72030', '67580', '99840'], dayPieces);
    expect(p.compared).toEqual({ perDay: 2, perCode: 3 });
    expect(p.tasks.map((t) => t.params.date)).toEqual(['2026-11-10', '2026-11-11']);

    const q = plan(10, ['72030', '67580'], [piece('72030', D0, D0 + 9)]);
    expect(q.strategy).toBe('per-code');
    expect(q.tasks.map((t) => t.series)).toEqual(['67580']);

    expect(plan(10, null, Array.from({ length: 10 }, (_, i) => piece('*', D0 + i, D0 + i))).strategy).toBe('cached');
  });

  it('a piece fetched before its data was final does not count as cached', () => {
    const p = plan(2, null, [piece('*', D0, D0), piece('*', D0 + 1, D0 + 1, D0)]);
    expect(p.tasks.map((t) => t.params.date)).toEqual(['2026-11-03']);
    const q = plan(10, ['72030'], [piece('72030', D0, D0 + 9, D0 + 6)]);
    expect(q.tasks).toEqual([{ series: '72030', from: D0 + 7, to: D0 + 9, params: { code: '72030', from: '2026-11-09', to: '2026-11-11' } }]);
  });

  it('fins/summary takes no from/to: a per-code request asks for the whole history', () => {
    const p = plan(10, ['72030'], [], ENDPOINTS.finsSummary);
    expect(p.tasks).toEqual([{ series: '72030', from: 0, to: D0 + 30, params: { code: '72030' } }]);
  });

  it('range endpoints: one request per calendar year with missing days', () => {
    const from = dayOf(2024, 12, 20);
    const to = dayOf(2025, 1, 10);
    const none = planRange({ endpoint: ENDPOINTS.topix, from, to, series: '*', params: {}, pieces: [] });
    expect(none.tasks.map((t) => t.params)).toEqual([{ from: '2024-12-20', to: '2024-12-31' }, { from: '2025-01-01', to: '2025-01-10' }]);
    const some = planRange({ endpoint: ENDPOINTS.topix, from, to, series: '*', params: {}, pieces: [piece('*', dayOf(2024, 12, 1), dayOf(2025, 1, 5))] });
    expect(some.tasks.map((t) => t.params)).toEqual([{ from: '2025-01-06', to: '2025-01-10' }]);
  });
});
