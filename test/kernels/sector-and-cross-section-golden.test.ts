/**
 * The per-date families against their golden case: fixtures/golden/families/sector_cs holds raw bars, TOPIX, master
 * snapshots and the 32 expected columns (9 sector, 22 cross-sectional, target_rank_5d) from an independent Python
 * reference (make_sector_cs.py: exact means, two-pass sd, counted ranks). Tolerance (features.md): relative 1e-9 with
 * an absolute floor of 1e-9 x the column's mean |value|; nulls must match nulls exactly.
 */
import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { computeFeatures } from '../../engine/compute-features.ts';
import { computeDatePass } from '../../engine/date-pass.ts';
import { formatDay } from '../../engine/dates.ts';
import { masterAsOf } from '../../engine/master-asof.ts';
import type { BarRecord, TopixRecord } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';
import { computePlan } from '../../kernels/registry.ts';
import { cell, readCsv } from '../golden/read-csv.ts';

const DIR = new URL('../../fixtures/golden/families/sector_cs/', import.meta.url);
const num = (v: string | undefined): number | null => (v === undefined || v === '' ? null : Number(v));
const toBar = (r: Record<string, string>): BarRecord => ({
  Date: r.Date!, Code: r.Code!, O: num(r.O), H: num(r.H), L: num(r.L), C: num(r.C), UL: r.UL, LL: r.LL,
  Vo: num(r.Vo), Va: num(r.Va), AdjFactor: cell(r.AdjFactor),
});
const toTopix = (r: Record<string, string>): TopixRecord => ({ Date: r.Date!, O: num(r.O), H: num(r.H), L: num(r.L), C: num(r.C) });

describe('sector, cross-sectional and ranked-target columns on their golden case', () => {
  const expected = readCsv(new URL('expected.csv', DIR));
  const { panel } = assemblePanel(rawBarsFromRecords(readCsv(new URL('bars.csv', DIR)).map(toBar)), topixFromRecords(readCsv(new URL('topix.csv', DIR)).map(toTopix)));
  Object.assign(panel, masterAsOf(panel, readCsv(new URL('master.csv', DIR)).map((r) => ({ Date: r.Date!, Code: r.Code!, S33: r.S33, Mkt: r.Mkt }))));
  const plan = computePlan({ families: ['sector', 'cross_section', 'target_rank'] });
  const { outputs } = computeDatePass(panel, plan);
  const names = Object.keys(expected[0]!).filter((k) => k !== 'Code' && k !== 'Date');

  it('has the reference rows and the 32 columns in the registry order', () => {
    expect(Array.from({ length: panel.rows }, (_, i) => `${panel.codes[panel.code[i]!]} ${formatDay(panel.date[i]!)}`)).toEqual(expected.map((r) => `${r.Code} ${r.Date}`));
    expect(plan.filter((f) => f.pass === 'date').map((f) => f.name)).toEqual(names);
  });

  it('gives the same bits on the feature pool (2 workers, date shards) as in one thread', async () => {
    const pooled = await computeFeatures(panel, { workers: 2, families: ['sector', 'cross_section', 'target_rank'], shardsPerWorker: 8 });
    for (const name of names) expect(Buffer.from(pooled.columns[name]!.buffer, pooled.columns[name]!.byteOffset, panel.rows * 8).equals(Buffer.from(outputs[name]!.buffer, outputs[name]!.byteOffset, panel.rows * 8)), name).toBe(true);
  });

  for (const name of names) {
    it(`matches the reference for ${name}`, () => {
      const want = expected.map((r) => cell(r[name]));
      const got = outputs[name]!;
      let sum = 0;
      let count = 0;
      for (const w of want) if (!Number.isNaN(w)) { sum += Math.abs(w); count++; }
      expect(count, 'the column has values').toBeGreaterThan(0);
      const floor = (1e-9 * sum) / count;
      const bad: string[] = [];
      for (let i = 0; i < want.length; i++) {
        const g = got[i]!;
        const w = want[i]!;
        const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isNaN(g) && Math.abs(g - w) <= Math.max(1e-9 * Math.abs(w), floor);
        if (!ok && bad.length < 4) bad.push(`${expected[i]!.Code} ${expected[i]!.Date}: got ${g}, want ${Number.isNaN(w) ? 'null' : w}`);
      }
      expect(bad).toEqual([]);
    });
  }
});
