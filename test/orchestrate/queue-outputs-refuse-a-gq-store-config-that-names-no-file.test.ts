import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputTarget } from '../../orchestrate/queue/shared-outputs.ts';

describe('where distributed runs put their outputs', () => {
  it('is an error naming GQ_STORE_CONFIG when it names no file, not a silent shared path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-outputs-'));
    await expect(outputTarget(dir, { GQ_STORE_CONFIG: 'nope.json' })).rejects.toThrow(/store config nope\.json .*named by GQ_STORE_CONFIG, does not exist/);
  });

  it('is the shared path without any store config, and the S3 store beside an s3:// offline store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-outputs-'));
    expect(await outputTarget(dir, {})).toEqual({ kind: 'shared-path' });
    writeFileSync(join(dir, 'gq.store.json'), JSON.stringify({ offline: 's3://bucket/features' }));
    expect(await outputTarget(dir, {})).toMatchObject({ kind: 's3', bucket: 'bucket', root: 'features-partitions' });
  });
});
