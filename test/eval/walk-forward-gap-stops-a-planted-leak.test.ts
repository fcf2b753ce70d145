import { describe, expect, it } from 'vitest';
import { evaluateTable } from '../../eval/evaluate.ts';
import type { EvalTable } from '../../eval/load-table.ts';
import { fitWalkForward } from '../../eval/train/fit.ts';
import { predictionTable } from '../../eval/train/run-train.ts';
import { walkForward } from '../../eval/train/walk-forward.ts';
import { mulberry32 } from '../../io/jquants/standin/prng.ts';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** Weekdays from..to as day numbers. */
function weekdays(from: string, to: string): number[] {
  const out: number[] = [];
  for (let d = day(from); d <= day(to); d++) { const w = new Date(d * 86_400_000).getUTCDay(); if (w !== 0 && w !== 6) out.push(d); }
  return out;
}

/** Normal draws from a seeded uniform generator (Box-Muller). */
function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * 60 codes over 2023-2024. `g` predicts the 5-day target a little, every day. `u` is a fixed per-code number that
 * tells nothing until the first 10 dates of 2024, whose daily returns are 0.2 x u: only labels that reach into the
 * test year carry it, so only a training window that overlaps the test period can learn it.
 */
function leakyTable(): EvalTable {
  const rnd = normal(mulberry32(17));
  const dates = weekdays('2023-01-02', '2024-12-31');
  const start = dates.findIndex((d) => d >= day('2024-01-01'));
  const C = 60;
  const D = dates.length;
  const u = Array.from({ length: C }, rnd);
  const rows = C * D;
  const cols = { u: new Float64Array(rows), g: new Float64Array(rows), target_5d: new Float64Array(rows) };
  const date = new Int32Array(rows);
  const code = new Int32Array(rows);
  for (let c = 0; c < C; c++) {
    const r = Array.from({ length: D }, (_, p) => 0.01 * rnd() + (p >= start && p < start + 10 ? 0.2 * u[c]! : 0));
    for (let p = 0; p < D; p++) {
      const i = c * D + p;
      date[i] = dates[p]!;
      code[i] = c;
      const g = rnd();
      cols.u[i] = u[c]!;
      cols.g[i] = g;
      let fwd = 0;
      for (let j = 1; j <= 5; j++) fwd += r[p + j] ?? Number.NaN;
      cols.target_5d[i] = fwd + 0.02 * g;
    }
  }
  const share = (a: Float64Array): Float64Array => { const s = new Float64Array(new SharedArrayBuffer(a.length * 8)); s.set(a); return s; };
  return { rows, date, code, codes: Array.from({ length: C }, (_, c) => String(10000 + c * 10)), columns: new Map(Object.entries(cols).map(([k, v]) => [k, share(v)])) };
}

/** Mean rank IC of the predictions over the first 5 test dates (their labels lie inside the leaky days). */
async function earlyTestIc(table: EvalTable, gap: number): Promise<number> {
  const fit = await fitWalkForward(table, { features: ['u', 'g'], target: 'target_5d', gap, alpha: 0.01, workers: 2 });
  const report = await evaluateTable(predictionTable(table, fit.prediction, ['target_5d']), { features: ['prediction'], target: 'target_5d', workers: 1 });
  const ic = report.features[0]!.daily.rankIc.slice(0, 5);
  return ic.reduce((a, b) => a + b, 0) / ic.length;
}

describe('the walk-forward gap', () => {
  it('ends training the horizon before the test year, so no training label reaches a test date', () => {
    const dates = Int32Array.from(weekdays('2023-01-02', '2025-12-31'));
    for (const r of walkForward(dates, 5)) {
      // a training row at position p has its label on p+1 .. p+5
      expect(r.trainHi - 1 + 5).toBeLessThan(r.testLo);
      expect(r.trainHi - 1 + 5 + 1).toBe(r.testLo);
    }
  });

  it('keeps a planted leak out: the early test IC jumps when the gap is removed', async () => {
    const table = leakyTable();
    const withGap = await earlyTestIc(table, 5);
    const noGap = await earlyTestIc(table, 0);
    if (process.env.GQ_EVAL_PRINT) process.stdout.write(`early test rank IC: gap 5 ${withGap.toFixed(3)}, no gap ${noGap.toFixed(3)}\n`);
    expect(noGap).toBeGreaterThan(0.3);
    expect(withGap).toBeLessThan(0.15);
    expect(noGap - withGap).toBeGreaterThan(0.25);
  });
});
