import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { missingTargetMessage } from '../../eval/missing-target.ts';
import { gq } from '../cli/run-gq.ts';

const SAMPLE = ['--sample-codes', '12', '--sample-days', '80', '--workers', '1', '--format', 'parquet'];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gq-eval-no-target-'));
  const r = await gq(['run', ...SAMPLE, '--families', 'returns'], dir);
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

describe('gq eval and gq train on a dataset written without the targets family', () => {
  it('gq eval (no --target) says the dataset has no target column and how to add one, not "--target target_5d: no such column"', async () => {
    const r = await gq(['eval', '--dataset', 'out/dataset.parquet', '--no-html'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('--target');
    expect(r.stderr).toMatch(/^gq: out\/dataset\.parquet has no target column \(target_\*\) at all/);
    expect(r.stderr).toContain('gq run --dataset out/dataset.parquet --update targets --in-place');
    expect(r.stderr).toContain('--families including targets');
  });

  it('gq train says the same', async () => {
    const r = await gq(['train', '--dataset', 'out/dataset.parquet', '--no-html'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gq: out\/dataset\.parquet has no target column/);
  });

  it('the command it gives adds the targets, and gq eval then runs', async () => {
    const added = await gq(['run', '--dataset', 'out/dataset.parquet', '--update', 'targets', '--in-place', '--workers', '1'], dir);
    expect(added.code, added.stderr).toBe(0);
    const r = await gq(['eval', '--dataset', 'out/dataset.parquet', '--no-html', '--workers', '1'], dir);
    expect(r.code, r.stderr).toBe(0);
    const wrong = await gq(['eval', '--dataset', 'out/dataset.parquet', '--target', 'target_3d', '--no-html'], dir);
    expect(wrong.stderr).toMatch(/^gq: --target target_3d: no such column in out\/dataset\.parquet; its targets are target_1d, target_5d, .*: choose one with --target target_1d/);
  }, 60_000);

  it('names the targets there are when only the default one is missing', () => {
    expect(missingTargetMessage('target_5d', false, ['Code', 'rsi_14', 'target_excess_1d', 'target_excess_20d'], 'd.parquet'))
      .toBe('d.parquet has no target_5d (the default target); its targets are target_excess_1d, target_excess_20d: choose one with --target target_excess_1d');
  });
});
