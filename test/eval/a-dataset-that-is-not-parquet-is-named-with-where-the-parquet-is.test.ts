import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDatasetFile } from '../../eval/dataset-file.ts';
import { missingTargetMessage } from '../../eval/missing-target.ts';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gq-eval-dataset-'));
  writeFileSync(join(dir, 'dataset.csv'), 'Code,Date\n13010,2026-01-05\n');
  writeFileSync(join(dir, 'dataset.parquet'), Buffer.from('PAR1 pretend footer PAR1'));
  writeFileSync(join(dir, 'alone.csv'), 'Code,Date\n');
  writeFileSync(join(dir, 'notes.parquet'), 'not parquet at all');
});

describe('--dataset of gq eval and gq train', () => {
  it('a CSV dataset is refused, naming the option and the Parquet file beside it', async () => {
    await expect(checkDatasetFile(join(dir, 'dataset.csv'))).rejects
      .toThrow(`--dataset ${join(dir, 'dataset.csv')}: a CSV file; gq eval and gq train read the Parquet dataset; the Parquet file beside it is --dataset ${join(dir, 'dataset.parquet')}`);
    await expect(checkDatasetFile(join(dir, 'alone.csv'))).rejects.toThrow(/a CSV file; .*write one with gq run --format parquet$/);
  });

  it('a folder is refused with the dataset.parquet inside it', async () => {
    await expect(checkDatasetFile(dir)).rejects.toThrow(`--dataset ${dir}: a folder, not a file; give the dataset .parquet, e.g. --dataset ${join(dir, 'dataset.parquet')}`);
  });

  it('a file named .parquet that is not Parquet, and a missing file, are named', async () => {
    await expect(checkDatasetFile(join(dir, 'notes.parquet'))).rejects.toThrow(/^--dataset .*notes\.parquet: not a Parquet file/);
    await expect(checkDatasetFile(join(dir, 'nope.parquet'))).rejects.toThrow(/^--dataset .*nope\.parquet: no such file/);
    await expect(checkDatasetFile(join(dir, 'dataset.parquet'))).resolves.toBeUndefined();
  });

  it('a Parquet file gq run did not write (no metadata beside it, e.g. predictions.parquet) is not told to add targets with gq run --update', () => {
    const msg = missingTargetMessage('target_5d', false, ['Code', 'prediction'], join(dir, 'predictions.parquet'));
    expect(msg).toContain('no target column (target_*) and no');
    expect(msg).toContain('predictions.metadata.json beside it: it is not a dataset gq run wrote');
    expect(msg).not.toContain('--update targets');
  });
});
