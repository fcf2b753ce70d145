import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFlagValues, strayArguments, workersFromEnv } from '../../eval/cli-args.ts';
import { gq } from '../cli/run-gq.ts';
import { goldenParquet } from './golden-case.ts';

let dataset: string;
let dir: string;

beforeAll(async () => {
  dataset = await goldenParquet();
  dir = dirname(dataset);
});

describe('the command line of gq eval and gq train', () => {
  it('the second and later values of --features are not stray words; anything else is', () => {
    const argv = ['node', 'gq', 'eval', 'out/dataset.parquet', '--features', 'a', 'b', 'c', '--workers', '1', 'x'];
    expect(listFlagValues(argv, '--features')).toEqual(['a', 'b', 'c']);
    expect(strayArguments(['out/dataset.parquet', 'b', 'c', 'x'], argv, ['--features'])).toEqual(['out/dataset.parquet', 'x']);
  });

  it('MAX_PARALLEL_WORKERS that is not a worker count is named, not reported as --workers NaN', () => {
    expect(() => workersFromEnv({ MAX_PARALLEL_WORKERS: 'abc' })).toThrow(/^MAX_PARALLEL_WORKERS must be an integer from 1 to 256, got "abc"/);
    expect(workersFromEnv({ MAX_PARALLEL_WORKERS: '3' })).toBe(3);
    expect(workersFromEnv({})).toBeUndefined();
  });

  it('gq eval DATASET (without --dataset) says how to give it, instead of "--dataset is required"', async () => {
    const r = await gq(['eval', dataset], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gq: "${dataset}" belongs to no option of gq eval: give the dataset as --dataset ${dataset}\n`);
  });

  it('--out 001 writes into 001/, not 1/; --no-html removes an eval.html an earlier run left there', async () => {
    const first = await gq(['eval', '--dataset', dataset, '--features', 'f_signal', '--out', '001', '--workers', '1'], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(dir, '001', 'eval.html'))).toBe(true);
    expect(existsSync(join(dir, '1'))).toBe(false);
    const again = await gq(['eval', '--dataset', dataset, '--features', 'f_signal', 'f_ties', '--out', '001', '--workers', '1', '--no-html'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(dir, '001', 'eval.html'))).toBe(false);
  });
});
