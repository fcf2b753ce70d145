import { describe, expect, it } from 'vitest';
import { evaluateTable } from '../../eval/evaluate.ts';
import { loadEvalTable } from '../../eval/load-table.ts';
import { expected, goldenParquet } from './golden-case.ts';

const want = expected();

describe('--workers', () => {
  it('gives bit-identical statistics with 1 and 3 workers (turnover included, across shard boundaries)', async () => {
    const table = await loadEvalTable(await goldenParquet(), [...want.features, ...want.targets], 1);
    const one = await evaluateTable(table, { features: want.features, target: want.target, workers: 1 });
    const three = await evaluateTable(table, { features: want.features, target: want.target, workers: 3 });
    expect(one.workers).toBe(1);
    expect(three.workers).toBe(3);
    expect(JSON.stringify(three.features)).toBe(JSON.stringify(one.features));
    expect(JSON.stringify(three.featureCorr)).toBe(JSON.stringify(one.featureCorr));
  });
});
