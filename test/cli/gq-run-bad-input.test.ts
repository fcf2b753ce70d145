import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, gq } from './run-gq.ts';

const dir = mkdtempSync(join(tmpdir(), 'gq-bad-'));

/** A failed run: exit code 2, one line on stderr starting `gq: `, no stack trace. */
async function fails(args: string[], env = cleanEnv()): Promise<string> {
  const r = await gq(args, dir, env);
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('gq: '));
  expect(lines.length).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('gq run with bad input', () => {
  it('names a bad date and the expected form', async () => {
    expect(await fails(['run', '--from', '2024-02-30'])).toBe('gq: --from "2024-02-30" is not a date; expected YYYY-MM-DD, e.g. --from 2024-01-04');
  });

  it('names an unknown code', async () => {
    expect(await fails(['run', '--sample-codes', '5', '--sample-days', '20', '--codes', '99990'])).toMatch(/^gq: unknown code 99990: .*check the code or the range/);
  });

  it('says the key is missing, and how to get one, for a real run', async () => {
    expect(await fails(['run', '--plan', 'light'])).toMatch(/JQUANTS_API_KEY is not set.*api-keys.*drop --plan to run the sample market/);
  });

  it('explains that V1 credentials no longer work', async () => {
    expect(await fails(['run'], cleanEnv({ JQUANTS_AUTH_EMAIL: 'me@example.com', JQUANTS_AUTH_PASSWORD: 'secret-pw' }))).toMatch(/V1 .* discontinued on 2026-06-01.*JQUANTS_API_KEY/);
  });

  it('says an output folder that is a file cannot be written', async () => {
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    expect(await fails(['run', '--output', 'not-a-dir'])).toMatch(/output folder .*not-a-dir is a file; choose a folder with --output DIR/);
  });

  it('names a mistyped option', async () => {
    expect(await fails(['run', '--wrokers', '2'])).toBe('gq: Unknown option `--wrokers`');
  });

  it('prints the stack with --verbose', async () => {
    const r = await gq(['run', '--from', 'yesterday', '--verbose'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
