import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { computeFeatures } from '../../engine/compute-features.ts';
import { computeShard, makeScratch } from '../../engine/compute-shard.ts';
import { makeShards } from '../../engine/shards.ts';
import { codeBatches, createFeaturePool } from '../../engine/feature-pool.ts';
import type { FeatureDef } from '../../kernels/feature-def.ts';
import { generateMarket } from '../../io/sample/market.ts';

const market = generateMarket({ codes: 60, days: 150, seed: 7 });
const { panel } = assemblePanel(market.bars, market.topix);

function bytesOf(cols: Record<string, Float64Array>): Buffer {
  return Buffer.concat(Object.keys(cols).sort().map((k) => Buffer.from(cols[k]!.buffer)));
}

describe('the worker pool', () => {
  it('gives bit-identical outputs with 1, 2 and 24 workers', async () => {
    const one = await computeFeatures(panel, { workers: 1 });
    const two = await computeFeatures(panel, { workers: 2 });
    const many = await computeFeatures(panel, { workers: 24 });
    expect(one.plan.length).toBe(two.plan.length);
    expect(bytesOf(two.columns).equals(bytesOf(one.columns))).toBe(true);
    expect(bytesOf(many.columns).equals(bytesOf(one.columns))).toBe(true);
    expect(many.workers).toBe(24);
  });

  it('gives the same bytes computed in batches of codes as in one pass', async () => {
    const whole = await computeFeatures(panel, { workers: 2 });
    const batches = codeBatches(panel.offsets, 1500);
    expect(batches.length).toBeGreaterThan(3);
    const pool = await createFeaturePool(panel, { workers: 2, maxBatchRows: Math.max(...batches.map(([a, b]) => panel.offsets[b]! - panel.offsets[a]!)) });
    try {
      for (const [lo, hi] of batches) {
        const { columns } = await pool.computeBatch(lo, hi);
        const a = panel.offsets[lo]!;
        const b = panel.offsets[hi]!;
        for (const [name, col] of Object.entries(columns)) {
          expect(Buffer.from(col.buffer, col.byteOffset, (b - a) * 8).equals(Buffer.from(whole.columns[name]!.buffer, whole.columns[name]!.byteOffset + a * 8, (b - a) * 8)), `${name} codes ${lo}..${hi}`).toBe(true);
        }
      }
    } finally {
      await pool.close();
    }
  });

  it('writes into shared output columns rather than copying results back', async () => {
    const r = await computeFeatures(panel, { workers: 2, features: ['returns_1d'] });
    expect(r.columns.returns_1d!.buffer).toBeInstanceOf(SharedArrayBuffer);
    const i = panel.offsets[3]! + 5;
    expect(r.columns.returns_1d![i]).toBeCloseTo(panel.close[i]! / panel.close[i - 1]! - 1, 14);
  });

  it('refuses a worker count that is not a positive integer', async () => {
    await expect(computeFeatures(panel, { workers: 0 })).rejects.toThrow(/workers must be an integer/);
  });

  it('splits shards on whole codes, covering every code once, balanced by rows', () => {
    const shards = makeShards(panel.offsets, 8);
    expect(shards[0]!.codeLo).toBe(0);
    for (let i = 1; i < shards.length; i++) expect(shards[i]!.codeLo).toBe(shards[i - 1]!.codeHi);
    expect(shards.at(-1)!.codeHi).toBe(panel.codes.length);
    const target = panel.rows / 8;
    const longest = Math.max(...Array.from({ length: panel.codes.length }, (_, k) => panel.offsets[k + 1]! - panel.offsets[k]!));
    for (const s of shards) expect(panel.offsets[s.codeHi]! - panel.offsets[s.codeLo]!).toBeLessThan(target + longest);
  });

  it('splits a batch later in the panel into as many balanced shards as the first one', () => {
    // Ten codes of 100 rows; the batch is codes 6..9, whose offsets start at row 600.
    const offsets = Int32Array.from({ length: 11 }, (_, k) => k * 100);
    const shards = makeShards(offsets.subarray(6, 11), 4);
    expect(shards).toEqual([{ codeLo: 0, codeHi: 1 }, { codeLo: 1, codeHi: 2 }, { codeLo: 2, codeHi: 3 }, { codeLo: 3, codeHi: 4 }]);
  });

  it('names the feature and the code when a kernel fails', () => {
    const boom: FeatureDef = {
      name: 'boom', family: 'returns', inputs: [], window: 1, firstValid: 0, kind: 'f64', doc: '',
      compute: (g) => { if (g.s > 0) throw new Error('bad input'); },
    };
    const col = { boom: new Float64Array(panel.rows) };
    expect(() => computeShard([boom], col, panel.offsets, panel.codes, 0, 3, makeScratch(panel.offsets)))
      .toThrow(`feature boom failed on code ${panel.codes[1]}: bad input`);
  });
});
