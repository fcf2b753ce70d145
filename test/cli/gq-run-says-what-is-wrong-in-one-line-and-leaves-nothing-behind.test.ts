import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../io/jquants/client.ts';
import { cleanEnv, gq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '5', '--sample-days', '100', '--workers', '1'];

/** A failed run in `dir`: exit code 2, exactly one `gq: ` line on stderr, no stack trace; returns that line. */
async function fails(args: string[], dir: string, env = cleanEnv()): Promise<string> {
  const r = await gq(args, dir, env);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('gq: '));
  expect(lines.length, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

const fresh = (): string => mkdtempSync(join(tmpdir(), 'gq-msg-'));

describe('gq run says what is wrong in one line', () => {
  it('says --workers -1 is out of range instead of "Unknown option"', async () => {
    expect(await fails(['run', ...SAMPLE.slice(0, 4), '--workers', '-1'], fresh())).toBe('gq: --workers -1 must be a whole number from 1 to 256');
  });

  it('writes --tag 001 as 001.parquet and --output 007 as the folder 007', async () => {
    const dir = fresh();
    const r = await gq(['run', ...SAMPLE, '--tag', '001', '--output', '007'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, '007')).filter((f) => !f.startsWith('.')).sort()).toEqual(
      ['001.csv', '001.metadata.json', '001.parquet', '001.quality.json', '001.quality.txt', '001.quarantine.csv']);
  });

  it('prints an empty date range with ISO dates, not day numbers', async () => {
    const client = createClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });
    await expect(async () => client.planDailyBars({ from: 20784, to: 20777 })).rejects.toThrow('date range is empty: from 2026-11-27 is after to 2026-11-20');
    await client.close();
  });
});

describe('an empty result exits non-zero with the reason and the nearest business days, and writes nothing', () => {
  it('names a weekend-only range and the business days around it', async () => {
    const dir = fresh();
    const line = await fails(['run', ...SAMPLE, '--from', '2026-11-07', '--to', '2026-11-08'], dir);
    expect(line).toMatch(/2026-11-07\.\.2026-11-08 holds no business day.*2026-11-06 \(before\) and 2026-11-09 \(after\)/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('names a --from after the data\'s last day with that day, in ISO dates', async () => {
    const dir = fresh();
    const line = await fails(['run', ...SAMPLE, '--from', '2026-12-07', '--output', 'a/b/c'], dir);
    expect(line).toMatch(/2026-12-07 is after the last day of the data \(2026-11-20\).*2026-11-20 \(before\)/);
    expect(line).not.toMatch(/\b20\d{3}\b(?!-)/);
    expect(existsSync(join(dir, 'a'))).toBe(false);
  });

  it('says every row was quarantined when no row passes the checks', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'data'));
    // Every row has High below Low: an OHLC error, so every row is quarantined.
    const rows = ['2026-11-04', '2026-11-05', '2026-11-06'].map((d) => `${d},72030,100,90,95,98,0,0,1000,100000,1`);
    writeFileSync(join(dir, 'data', 'bars_daily.csv'), `Date,Code,O,H,L,C,UL,LL,Vo,Va,AdjFactor\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'data', 'topix.csv'), 'Date,O,H,L,C\n2026-11-04,1,1,1,1\n2026-11-05,1,1,1,1\n2026-11-06,1,1,1,1\n');
    const line = await fails(['run', '--source', 'data', '--workers', '1'], dir);
    expect(line).toMatch(/every one of the 3 rows in 2026-11-04\.\.2026-11-06 was quarantined/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('leaves no output folder after any error, e.g. an unknown code', async () => {
    const dir = fresh();
    await fails(['run', ...SAMPLE, '--codes', '99990', '--output', 'fresh/nested'], dir);
    expect(existsSync(join(dir, 'fresh'))).toBe(false);
  });
});

describe('unwritable outputs', () => {
  it('refuses --output /proc/x in one line instead of spinning', async () => {
    expect(await fails(['run', ...SAMPLE, '--output', '/proc/gq-x'], fresh())).toMatch(/^gq: output folder \/proc\/gq-x cannot be created \(ENOENT on \/proc\/gq-x\); choose another with --output DIR$/);
  });

  it('writes the outputs of one run together or not at all when one of them cannot be replaced', async () => {
    const dir = fresh();
    const first = await gq(['run', ...SAMPLE, '--from', '2026-11-02'], dir);
    expect(first.code, first.stderr).toBe(0);
    const before = Object.fromEntries(readdirSync(join(dir, 'out')).map((f) => [f, readFileSync(join(dir, 'out', f))]));
    const mtime = statSync(join(dir, 'out', 'dataset.parquet')).mtimeMs;
    // A different dataset (another range) whose CSV cannot be written: dataset.csv is now a folder.
    const empty = fresh();
    mkdirSync(join(empty, 'dataset.csv'));
    const line = await fails(['run', ...SAMPLE, '--output', empty], dir);
    expect(line).toMatch(/dataset\.csv: it is a directory; remove it or choose another --output or --tag \(nothing of this run was written\)/);
    expect(readdirSync(empty)).toEqual(['dataset.csv']);
    // The same with earlier outputs in place: every one of them is left as it was.
    const txt = join(dir, 'out', 'dataset.quality.txt');
    rmSync(txt);
    mkdirSync(txt);
    await fails(['run', ...SAMPLE], dir);
    expect(statSync(join(dir, 'out', 'dataset.parquet')).mtimeMs).toBe(mtime);
    for (const [f, bytes] of Object.entries(before)) if (f !== 'dataset.quality.txt') expect(readFileSync(join(dir, 'out', f)).equals(bytes), f).toBe(true);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
