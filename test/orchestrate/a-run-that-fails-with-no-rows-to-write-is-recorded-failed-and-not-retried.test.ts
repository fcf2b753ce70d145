import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isPermanentFailure } from '../../orchestrate/jobs/permanent-failure.ts';
import { openState } from '../../orchestrate/state/state.ts';
import { JQuantsError } from '../../io/jquants/errors.ts';
import { GqError } from '../../pipeline/errors.ts';
import { tmpFolder } from './helpers/tmp.ts';

const run = promisify(execFile);
const GQ = join(import.meta.dirname, '../../bin/gq.js');

describe('a failure no retry can cure', () => {
  it('a backfill of a day after the data fails once with the reason, and is not retried', async () => {
    const dir = tmpFolder('permanent');
    // Two retries, no backoff: before, the day ran three times with the same "no rows to write".
    writeFileSync(join(dir, 'gq.schedules.json'), JSON.stringify({ pipeline: { sampleCodes: 8, sampleDays: 40, workers: 1, format: 'parquet' }, retries: { count: 2, backoffSeconds: 0 } }));
    // The sample market ends on 2026-11-20 (a Friday); 2026-11-24 is the next business day.
    const r = await run(process.execPath, [GQ, 'backfill', '--from', '2026-11-24', '--to', '2026-11-24'], { cwd: dir, env: { ...process.env, JQUANTS_API_KEY: '' } })
      .catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(r.stdout).toContain('backfill 1: 0 of 1 partitions done, 1 failed: 2026-11-24');
    expect(r.stderr).toContain('run 1 failed permanently: not retried');
    const s = openState(join(dir, '.gq/state.db'));
    const runs = s.runs.list({ limit: 10 });
    s.close();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'failed', attempt: 1, note: 'not retried: the same inputs fail the same way' });
    expect(runs[0]!.error).toMatch(/^no rows to write: 2026-11-24 is after the last day of the data \(2026-11-20\)/);
  }, 120_000);

  it('is an input error of gq or a refusal of the API; network errors, 5xx, 429 and the unknown stay retryable', () => {
    expect(isPermanentFailure(new GqError('NO_DATA', 'no rows to write'))).toBe(true);
    expect(isPermanentFailure(new GqError('BAD_OPTION', '--codes'))).toBe(true);
    expect(isPermanentFailure(new Error('cannot write x', { cause: new GqError('UNKNOWN_CODE', 'unknown code') }))).toBe(true);
    expect(isPermanentFailure(new JQuantsError('plan-window', 'outside the plan'))).toBe(true);
    expect(isPermanentFailure(new JQuantsError('auth', 'key refused'))).toBe(true);
    expect(isPermanentFailure(new JQuantsError('network', 'ECONNRESET'))).toBe(false);
    expect(isPermanentFailure(new JQuantsError('server', '503'))).toBe(false);
    expect(isPermanentFailure(new JQuantsError('rate-limited', '429'))).toBe(false);
    expect(isPermanentFailure(new Error('worker died'))).toBe(false);
    expect(isPermanentFailure('a string')).toBe(false);
  });
});
