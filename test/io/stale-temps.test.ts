import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempPathFor } from '../../io/atomic.ts';
import { removeStaleTemps } from '../../io/stale-temps.ts';

describe('stale temp files', () => {
  it('are removed when their process is gone, and kept while it runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-stale-'));
    const mine = tempPathFor(join(dir, 'dataset.parquet'));
    const dead = join(dir, '.dataset.parquet.999999999.0123456789abcdef.tmp');
    const other = join(dir, 'dataset.parquet');
    for (const f of [mine, dead, other]) writeFileSync(f, 'x');
    expect(removeStaleTemps(dir)).toEqual(['.dataset.parquet.999999999.0123456789abcdef.tmp']);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
