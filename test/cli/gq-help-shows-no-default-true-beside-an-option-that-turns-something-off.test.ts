import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

describe('gq <command> --help', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gq-help-no-'));

  it.each([['run', '--no-bulk'], ['eval', '--no-html'], ['train', '--no-html']])('gq %s --help prints %s without "(default: true)"', async (command, option) => {
    const r = await gq([command, '--help'], dir);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith(option));
    expect(line).toBeDefined();
    expect(line).not.toContain('(default: true)');
  });
});
