import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { computeFeatures } from '../../engine/compute-features.ts';
import type { Panel } from '../../engine/panel.ts';
import { FEATURES } from '../../kernels/registry.ts';
import { generateMarket } from '../../io/sample/market.ts';

const market = generateMarket({ codes: 40, days: 200, seed: 11 });

async function compute(p: Panel): Promise<Record<string, Float64Array>> {
  return (await computeFeatures(p, { workers: 1 })).columns;
}

/** The first code with at least `n` rows, all traded, with a real range every day. */
function longCode(p: Panel, n: number): number {
  for (let k = 0; k < p.codes.length; k++) {
    const a = p.offsets[k]!;
    const b = p.offsets[k + 1]!;
    if (b - a < n) continue;
    let ok = true;
    for (let i = a; i < b && ok; i++) ok = p.traded[i] === 1 && p.high[i]! > p.low[i]!;
    if (ok) return k;
  }
  throw new Error('no clean long code in the sample');
}

describe('the feature catalogue on the sample market', () => {
  it('becomes valid exactly at the first valid row the registry states, on a clean code', async () => {
    const { panel } = assemblePanel(market.bars, market.topix);
    const cols = await compute(panel);
    const k = longCode(panel, 120);
    const a = panel.offsets[k]!;
    const len = panel.offsets[k + 1]! - a;
    for (const f of FEATURES) {
      if (f.kind !== 'f64') continue;
      const c = cols[f.name]!;
      if (f.family === 'targets') {
        expect(Number.isNaN(c[a + len - 1 - f.window]!), f.name).toBe(false);
        expect(Number.isNaN(c[a + len - f.window]!), f.name).toBe(true);
      } else {
        if (f.firstValid > 0) expect(Number.isNaN(c[a + f.firstValid - 1]!), `${f.name} before row ${f.firstValid}`).toBe(true);
        expect(Number.isNaN(c[a + f.firstValid]!), `${f.name} at row ${f.firstValid}`).toBe(false);
      }
    }
  });

  it('never outputs Infinity, and nulls stay nulls (NaN) rather than numbers like 0', async () => {
    const { panel } = assemblePanel(market.bars, market.topix);
    const cols = await compute(panel);
    for (const [name, c] of Object.entries(cols)) {
      for (let i = 0; i < c.length; i++) if (c[i] === Infinity || c[i] === -Infinity) throw new Error(`${name}[${i}] is infinite`);
    }
    // The last row of every code has no 1-day target: null, not 0.
    for (let k = 0; k < panel.codes.length; k++) expect(cols.target_1d![panel.offsets[k + 1]! - 1]).toBeNaN();
  });

  it('computes no feature of a row from a later row, and every target from later rows only', async () => {
    const before = assemblePanel(market.bars, market.topix).panel;
    const base = await compute(before);
    const k = longCode(before, 120);
    const t = before.offsets[k]! + 90; // perturb row t of one code: prices, volume and its TOPIX close
    const changed = assemblePanel(market.bars, market.topix).panel;
    for (const c of [changed.open, changed.high, changed.low, changed.close]) c[t] = c[t]! * 1.37;
    changed.volume[t] = changed.volume[t]! * 5;
    changed.turnover[t] = changed.turnover[t]! * 3;
    changed.mkt[t] = changed.mkt[t]! * 0.9;
    const after = await compute(changed);
    const a = before.offsets[k]!;
    for (const f of FEATURES) {
      if (f.kind !== 'f64') continue;
      const x = base[f.name]!;
      const y = after[f.name]!;
      if (f.family === 'targets') {
        for (let i = t + 1; i < before.offsets[k + 1]!; i++) expect(Object.is(x[i], y[i]), `${f.name} row ${i - a}`).toBe(true);
        expect(Object.is(x[t - f.window], y[t - f.window]), `${f.name} must see row t from row t-${f.window}`).toBe(false);
      } else {
        for (let i = a; i < t; i++) expect(Object.is(x[i], y[i]), `${f.name} row ${i - a}`).toBe(true);
      }
    }
  });
});

describe('every kernel', () => {
  it('writes every row of every code it is given, so outputs need no pre-fill', async () => {
    const { columnsOf, computeShard, makeScratch } = await import('../../engine/compute-shard.ts');
    const { panel } = assemblePanel(market.bars, market.topix);
    const SENTINEL = -123456.789;
    const outputs: Record<string, Float64Array> = {};
    for (const f of FEATURES) if (f.kind === 'f64') outputs[f.name] = new Float64Array(panel.rows).fill(SENTINEL);
    computeShard(FEATURES, columnsOf(panel, outputs), panel.offsets, panel.codes, 0, panel.codes.length, makeScratch(panel.offsets));
    for (const [name, c] of Object.entries(outputs)) expect(c.indexOf(SENTINEL), name).toBe(-1);
  });
});
