/**
 * Alpha158 against its golden fixtures: fixtures/golden/families/a158/<case>.csv holds the 158 columns of each core
 * golden case, computed by an independent Python reference (fixtures/golden/families/a158_reference.py: explicit
 * loops, two-pass statistics in exact rationals). Tolerance (features.md): relative 1e-9 with an absolute floor of
 * 1e-9 x the column's mean |value| over the case; nulls must match nulls exactly.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { columnsOf, computeShard, makeScratch } from '../../engine/compute-shard.ts';
import { formatDay } from '../../engine/dates.ts';
import type { BarRecord, TopixRecord } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';
import { A158 } from '../../kernels/features-a158.ts';
import { cell, readCsv } from '../golden/read-csv.ts';

const CASES = new URL('../../fixtures/golden/cases/', import.meta.url);
const EXPECTED = new URL('../../fixtures/golden/families/a158/', import.meta.url);

const num = (v: string | undefined): number | null => (v === undefined || v === '' ? null : Number(v));
const toBar = (r: Record<string, string>): BarRecord => ({
  Date: r.Date!, Code: r.Code!, O: num(r.O), H: num(r.H), L: num(r.L), C: num(r.C), UL: r.UL, LL: r.LL,
  Vo: num(r.Vo), Va: num(r.Va), AdjFactor: cell(r.AdjFactor),
});
const toTopix = (r: Record<string, string>): TopixRecord => ({ Date: r.Date!, O: num(r.O), H: num(r.H), L: num(r.L), C: num(r.C) });

for (const name of readdirSync(CASES).sort()) {
  describe(`Alpha158 on golden case ${name}`, () => {
    const expected = readCsv(new URL(`${name}.csv`, EXPECTED));
    const raw = rawBarsFromRecords(readCsv(new URL(`${name}/bars.csv`, CASES)).map(toBar));
    const { panel } = assemblePanel(raw, topixFromRecords(readCsv(new URL(`${name}/topix.csv`, CASES)).map(toTopix)));
    const outputs: Record<string, Float64Array> = {};
    for (const f of A158) outputs[f.name] = new Float64Array(panel.rows).fill(12345.678);
    computeShard(A158, columnsOf(panel, outputs), panel.offsets, panel.codes, 0, panel.codes.length, makeScratch(panel.offsets));

    it('has the reference rows', () => {
      const got = Array.from({ length: panel.rows }, (_, i) => `${panel.codes[panel.code[i]!]} ${formatDay(panel.date[i]!)}`);
      expect(got).toEqual(expected.map((r) => `${r.Code} ${r.Date}`));
    });

    it('matches the reference in all 158 columns', () => {
      const bad: string[] = [];
      for (const f of A158) {
        const want = expected.map((r) => cell(r[f.name]));
        const got = outputs[f.name]!;
        let sum = 0;
        let count = 0;
        for (const w of want) if (!Number.isNaN(w)) { sum += Math.abs(w); count++; }
        const floor = count > 0 ? (1e-9 * sum) / count : 0;
        let shown = 0;
        for (let i = 0; i < want.length; i++) {
          const g = got[i]!;
          const w = want[i]!;
          const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isNaN(g) && Math.abs(g - w) <= Math.max(1e-9 * Math.abs(w), floor);
          if (!ok && shown++ < 2) bad.push(`${f.name} ${expected[i]!.Code} ${expected[i]!.Date}: got ${g}, want ${Number.isNaN(w) ? 'null' : w}`);
        }
      }
      expect(bad).toEqual([]);
    });
  });
}
