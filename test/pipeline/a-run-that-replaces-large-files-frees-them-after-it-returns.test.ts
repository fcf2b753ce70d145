/**
 * Replacing a large dataset: the old files move out of the way at the commit and are removed by a detached process,
 * so the run does not wait for the disk to free them (io/remove-in-background.ts); small ones go at once.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageOutputs } from '../../pipeline/output-dir.ts';

/** Replaces `dataset.parquet` in a fresh output folder through a staged run; returns the folder. */
function replaceDataset(threshold: number): string {
  const out = mkdtempSync(join(tmpdir(), 'gq-replace-'));
  writeFileSync(join(out, 'dataset.parquet'), 'old bytes');
  const staged = stageOutputs(out, threshold);
  const path = join(staged.dir, 'dataset.parquet');
  writeFileSync(path, 'new bytes');
  staged.commit([{ kind: 'parquet', path, bytes: 9 }]);
  return out;
}

async function until(done: () => boolean, ms: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 20))) if (done()) return true;
  return done();
}

describe('replacing the files of an earlier run', () => {
  it('removes replaced files below the threshold before the commit returns', () => {
    const out = replaceDataset(1 << 30);
    expect(readdirSync(out)).toEqual(['dataset.parquet']);
    expect(readFileSync(join(out, 'dataset.parquet'), 'utf8')).toBe('new bytes');
  });

  it('hands replaced files at or above the threshold to a detached process that removes them', async () => {
    const out = replaceDataset(9);
    expect(readFileSync(join(out, 'dataset.parquet'), 'utf8')).toBe('new bytes');
    expect(await until(() => readdirSync(out).length === 1, 10_000)).toBe(true);
    expect(readdirSync(out)).toEqual(['dataset.parquet']);
  });
});
