import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRecordsCsv } from '../../../io/csv/index.ts';

describe('writeRecordsCsv', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gq-records-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('quotes commas, quotes and line breaks, leaves nulls empty, keeps the header order', async () => {
    const path = join(dir, 'quarantine.csv');
    await writeRecordsCsv(
      path,
      [
        { Code: '72030', Date: '2024-01-04', reason: 'High < Low, dropped', extra: 'ignored' },
        { reason: 'said "no"', Code: '130A0', Date: null },
        { Code: '13010', Date: undefined, reason: 'line\nbreak' },
        { Code: 13020, Date: '2024-01-05', reason: '' },
      ],
      ['Code', 'Date', 'reason'],
    );
    expect(await readFile(path, 'utf8')).toBe(
      'Code,Date,reason\n' +
        '72030,2024-01-04,"High < Low, dropped"\n' +
        '130A0,,"said ""no"""\n' +
        '13010,,"line\nbreak"\n' +
        '13020,2024-01-05,\n',
    );
    expect(await readdir(dir)).toEqual(['quarantine.csv']);
  });

  it('writes the header even with no records', async () => {
    const path = join(dir, 'none.csv');
    await writeRecordsCsv(path, [], ['Code', 'reason']);
    expect(await readFile(path, 'utf8')).toBe('Code,reason\n');
  });

  it('throws naming the path when it cannot write', async () => {
    const path = join(dir, 'missing', 'x.csv');
    await expect(writeRecordsCsv(path, [{ a: 1 }], ['a'])).rejects.toThrow(path);
  });
});
