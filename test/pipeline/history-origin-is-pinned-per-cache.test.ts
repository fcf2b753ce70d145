import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDay } from '../../engine/dates.ts';
import { HISTORY_FILE, historyOrigin } from '../../pipeline/history-origin.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the history origin', () => {
  it('is pinned by the first run and kept by later ones even when the source allows earlier days', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gq-origin-'));
    expect(await historyOrigin(dir, parseDay('2021-01-04'))).toEqual({ from: parseDay('2021-01-04'), how: 'new' });
    expect(JSON.parse(readFileSync(join(dir, HISTORY_FILE), 'utf8')).historyFrom).toBe('2021-01-04');
    expect(await historyOrigin(dir, parseDay('2019-01-04'))).toEqual({ from: parseDay('2021-01-04'), how: 'pinned' });
  });

  it('moves only when --history-from says so, and says where it was', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gq-origin-'));
    await historyOrigin(dir, parseDay('2021-01-04'));
    const moved = await historyOrigin(dir, parseDay('2021-01-04'), parseDay('2020-06-01'));
    expect(moved).toEqual({ from: parseDay('2020-06-01'), how: 'explicit', previous: parseDay('2021-01-04') });
    expect((await historyOrigin(dir, parseDay('2021-01-04'))).from).toBe(parseDay('2020-06-01'));
  });

  it('refuses a --history-from after the data\'s last day and leaves the pin as it was', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gq-origin-'));
    await historyOrigin(dir, parseDay('2021-01-04'));
    await expect(historyOrigin(dir, parseDay('2021-01-04'), parseDay('2030-01-01'), parseDay('2026-11-20'))).rejects.toThrow(/--history-from 2030-01-01 is after the last day of the data \(2026-11-20\); the history origin was not changed/);
    expect(await historyOrigin(dir, parseDay('2019-01-04'))).toEqual({ from: parseDay('2021-01-04'), how: 'pinned' });
  });

  it('refuses an unreadable pin with the file and the fix', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gq-origin-'));
    writeFileSync(join(dir, HISTORY_FILE), '{"historyFrom": "June"}');
    await expect(historyOrigin(dir, 0)).rejects.toThrow(/history\.json does not hold a history origin.*delete it/);
  });
});
