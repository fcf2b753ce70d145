/**
 * Golden fixtures: each folder of fixtures/golden/cases holds raw J-Quants bars, TOPIX, and the expected panel and
 * features computed by an independent reference (pandas and R's TTR; fixtures/golden/README.md says which tool made
 * which column and how to regenerate). One test per case and column.
 * Tolerance (features.md): relative 1e-9, with an absolute floor of 1e-9 x the mean |value| of that column over
 * the case; nulls must match nulls exactly.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { computeFeatures } from '../../engine/compute-features.ts';
import { formatDay } from '../../engine/dates.ts';
import type { BarRecord, TopixRecord } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';
import { FEATURES } from '../../kernels/registry.ts';
import { cell, readCsv } from './read-csv.ts';

const ROOT = new URL('../../fixtures/golden/cases/', import.meta.url);
const REL = 1e-9;
const FLOOR = 1e-9;

const toBar = (r: Record<string, string>): BarRecord => ({
  Date: r.Date!, Code: r.Code!, O: num(r.O), H: num(r.H), L: num(r.L), C: num(r.C), UL: r.UL, LL: r.LL,
  Vo: num(r.Vo), Va: num(r.Va), AdjFactor: cell(r.AdjFactor),
});
const toTopix = (r: Record<string, string>): TopixRecord => ({ Date: r.Date!, O: num(r.O), H: num(r.H), L: num(r.L), C: num(r.C) });
function num(v: string | undefined): number | null {
  return v === undefined || v === '' ? null : Number(v);
}

for (const name of readdirSync(ROOT).sort()) {
  describe(`golden case ${name}`, async () => {
    const expected = readCsv(new URL(`${name}/expected.csv`, ROOT));
    const raw = rawBarsFromRecords(readCsv(new URL(`${name}/bars.csv`, ROOT)).map(toBar));
    const { panel } = assemblePanel(raw, topixFromRecords(readCsv(new URL(`${name}/topix.csv`, ROOT)).map(toTopix)));
    const { columns } = await computeFeatures(panel, { workers: 1 });

    it('has the same rows, in (Code, Date) order', () => {
      const got = Array.from({ length: panel.rows }, (_, i) => `${panel.codes[panel.code[i]!]} ${formatDay(panel.date[i]!)}`);
      expect(got).toEqual(expected.map((r) => `${r.Code} ${r.Date}`));
    });

    const panelColumns: [string, ArrayLike<number>][] = [
      ['Open', panel.open], ['High', panel.high], ['Low', panel.low], ['Close', panel.close], ['Volume', panel.volume],
      ['TurnoverValue', panel.turnover], ['is_traded', panel.traded], ['limit_hit', panel.limit],
    ];
    const featureColumns: [string, ArrayLike<number>][] = FEATURES.filter((f) => f.kind === 'f64').map((f) => [f.name, columns[f.name]!]);
    for (const [col, got] of [...panelColumns, ...featureColumns]) {
      it(`matches the reference for ${col}`, () => {
        const want = expected.map((r) => cell(r[col]));
        expect(want.length).toBe(got.length);
        let sum = 0;
        let count = 0;
        for (const w of want) if (!Number.isNaN(w)) { sum += Math.abs(w); count++; }
        const floor = count > 0 ? (FLOOR * sum) / count : 0;
        const bad: string[] = [];
        for (let i = 0; i < want.length; i++) {
          const g = got[i]!;
          const w = want[i]!;
          const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isNaN(g) && Math.abs(g - w) <= Math.max(REL * Math.abs(w), floor);
          if (!ok && bad.length < 5) bad.push(`${expected[i]!.Code} ${expected[i]!.Date}: got ${g}, want ${Number.isNaN(w) ? 'null' : w}`);
        }
        expect(bad, `${col}: first mismatches`).toEqual([]);
      });
    }
  });
}
