import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

describe('gq <command> <word> --help', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gq-help-'));

  it('prints the command help and exits 0 with nothing on stderr (gq store get --help)', async () => {
    const r = await gq(['store', 'get', '--help'], dir);
    expect(r.stdout).toContain('$ gq store <action>');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('still refuses a command it does not know, naming it', async () => {
    const r = await gq(['stroe', 'get'], dir);
    expect(r.stderr).toContain('unknown command "stroe"');
    expect(r.code).toBe(2);
  });
});
