/** `gq store` without an action prints the actions, one line each, and exits 0, as `gq` alone prints the commands. */
import { describe, expect, it } from 'vitest';
import { gq } from '../cli/run-gq.ts';
import { tempDir } from './helpers.ts';

describe('gq store alone', () => {
  it('prints each action with what it does on its own line and exits 0 with nothing on stderr', async () => {
    const { dir, done } = await tempDir();
    try {
      const r = await gq(['store'], dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('$ gq store <action> [options]');
      for (const a of ['init', 'materialize', 'materialize-incremental', 'get', 'history', 'serve', 'status']) {
        expect(r.stdout).toMatch(new RegExp(`\\n  ${a} +\\S`));
      }
      // gq store --help shows the same actions.
      const help = await gq(['store', '--help'], dir);
      expect(help.stdout).toBe(r.stdout);
    } finally {
      await done();
    }
  });
});
