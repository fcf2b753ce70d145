import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gq, spawnGq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '150', '--sample-days', '250', '--workers', '2'];

describe('a killed run', () => {
  it('leaves the previous dataset whole, and the next run cleans up and resumes from the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-kill-'));
    const small = await gq(['run', '--sample-codes', '5', '--sample-days', '30'], dir);
    expect(small.code, small.stderr).toBe(0);
    const before = readFileSync(join(dir, 'out', 'dataset.parquet'));
    const beforeMeta = readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8');

    // Kill the bigger run once it has cached a few days of bars: part of the raw cache is written, none of the dataset.
    const child = spawnGq(['run', ...SAMPLE], dir);
    const bars = join(dir, '.gq-cache', 'sample-150x250-seed42', 'bars');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        let cached = 0;
        try { cached = readdirSync(bars).filter((f) => f.endsWith('.json')).length; } catch { /* not created yet */ }
        if (cached >= 5 && child.exitCode === null) { clearInterval(poll); child.kill('SIGKILL'); }
      }, 5);
      child.on('close', () => { clearInterval(poll); resolve(); });
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(readFileSync(join(dir, 'out', 'dataset.parquet')).equals(before)).toBe(true);
    expect(readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8')).toBe(beforeMeta);

    const resumed = await gq(['run', ...SAMPLE], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    const planned = Number(/\((\d+) requests\)/.exec(resumed.stderr)![1]);
    expect(planned).toBeLessThan(250); // days already cached by the killed run are not fetched again
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8')).codes).toBe(150);
  });
});
