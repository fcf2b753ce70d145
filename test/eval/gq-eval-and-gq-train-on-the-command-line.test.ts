import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readParquetColumns, readParquetSchema } from '../../io/source/parquet-columns.ts';
import { gq } from '../cli/run-gq.ts';
import { expected, goldenParquet } from './golden-case.ts';

const want = expected();
let dataset: string;
let dir: string;

beforeAll(async () => {
  dataset = await goldenParquet();
  dir = dirname(dataset);
});

describe('gq eval and gq train on the command line', () => {
  it('gq eval writes eval.json, eval.csv and eval.html next to the dataset, one CSV row per feature', async () => {
    const r = await gq(['eval', '--dataset', dataset, '--features', 'f_signal', 'f_ties', '--workers', '1'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const csv = readFileSync(join(dir, 'eval', 'eval.csv'), 'utf8').trim().split('\n');
    expect(csv.map((l) => l.split(',')[0])).toEqual(['feature', 'f_signal', 'f_ties']);
    const json = JSON.parse(readFileSync(join(dir, 'eval', 'eval.json'), 'utf8'));
    expect(json.target).toBe('target_5d');
    expect(json.rules.quantiles).toMatch(/qcut/);
    expect(existsSync(join(dir, 'eval', 'eval.html'))).toBe(true);
    expect(r.stdout).toMatch(/^gq eval: 2 features x 391 dates/);
  });

  it('gq train --dataset PATH writes out-of-sample predictions (Code, Date, prediction), the model and their eval report', async () => {
    const out = join(dir, 'train-out');
    const r = await gq(['train', '--dataset', dataset, '--out', out, '--alpha', String(want.train.alpha), '--no-html'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect([...(await readParquetSchema(join(out, 'predictions.parquet'))).keys()]).toEqual(['Code', 'Date', 'prediction']);
    const p = await readParquetColumns(join(out, 'predictions.parquet'));
    expect(p.rows).toBe(want.train.prediction.filter((v: number | null) => v !== null).length);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(model.gap).toBe(5);
    expect(model.refits.map((m: { year: number }) => m.year)).toEqual([2024, 2025]);
    expect(JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')).features[0].name).toBe('prediction');
    expect(r.stdout).toMatch(/2024: trained on 980 rows up to 2023-12-22 \(gap 5 dates\)/);
  });

  it('says what is wrong, on one line, for a missing dataset, an unknown target or feature family', async () => {
    for (const [args, msg] of [
      [['eval', '--dataset', join(dir, 'nope.parquet')], /^gq: --dataset .*nope\.parquet: no such file/],
      [['eval', '--dataset', dataset, '--target', 'target_7d'], /^gq: --target target_7d: no such column/],
      [['eval', '--dataset', dataset, '--families', 'astrology'], /^gq: --families: unknown feature family "astrology"/],
      [['train'], /^gq: --dataset PATH is required/],
    ] as const) {
      const r = await gq([...args], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(msg);
    }
  });
});
