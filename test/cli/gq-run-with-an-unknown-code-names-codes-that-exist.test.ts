import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../engine/dates.ts';
import { unknownCodesError } from '../../pipeline/unknown-codes.ts';
import { gq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '20', '--sample-days', '40', '--workers', '1', '--format', 'parquet'];
const GOLDEN = new URL('../../fixtures/golden/cases/split_day/', import.meta.url);

describe('gq run --codes with a code the data does not have', () => {
  it('names a few codes of the listed master, and the first one it names runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-unknown-code-'));
    const r = await gq(['run', ...SAMPLE, '--codes', '7203'], dir);
    expect(r.code).toBe(2);
    const m = /^gq: unknown code 72030: .*\. The listed master has (\d+) codes, e\.g\. ((?:\w{5}, ){4}\w{5}) \(--codes takes (\w{4}) or (\w{5})\)$/m.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const named = m![2]!.split(', ');
    expect(named[0]).toBe(m![4]);
    const ok = await gq(['run', ...SAMPLE, '--codes', m![3]!, named[1]!], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/x 2 codes/);
  });

  it('names the codes of local files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-unknown-code-files-'));
    mkdirSync(join(dir, 'data'));
    copyFileSync(new URL('bars.csv', GOLDEN), join(dir, 'data', 'bars_daily.csv'));
    copyFileSync(new URL('topix.csv', GOLDEN), join(dir, 'data', 'topix.csv'));
    const r = await gq(['run', '--source', 'data', '--codes', '7203'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('gq: unknown code 72030: not in the source; drop --codes for every code. The source has 3 codes, e.g. 40010, 50010, 60010 (--codes takes 4001 or 40010)');
  });

  it('says when the code is listed but has no bars in the range', () => {
    const e = unknownCodesError(['130A0'], 'jquants-api', parseDay('2026-01-05'), parseDay('2026-01-30'), { codes: ['13010', '130A0'], by: 'The listed master has' });
    expect(e.message).toBe('unknown code 130A0: the jquants-api has no bars for it in 2026-01-05..2026-01-30; 130A0 is listed, so widen --from/--to. The listed master has 2 codes, e.g. 13010, 130A0 (--codes takes 1301 or 13010)');
  });
});
