import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetsStatus } from '../../orchestrate/assets-status.ts';
import { publicationTime } from '../../orchestrate/jst.ts';
import { openState } from '../../orchestrate/state/state.ts';
import { tmpFolder } from './helpers/tmp.ts';

describe('gq assets: available after', () => {
  it('shows the master (published 08:00 the day after its partition) as "08:00 JST next day", never as 32:00', () => {
    const s = openState(join(tmpFolder('assets-time'), 'state.db'));
    const byName = new Map(assetsStatus(s, Date.now()).map((a) => [a.asset, a.availableAfter]));
    s.close();
    expect(byName.get('master')).toBe('08:00 JST next day');
    expect(byName.get('fins_summary')).toBe('00:30 JST next day');
    expect(byName.get('bars')).toBe('16:30 JST');
    for (const t of byName.values()) expect(t).toMatch(/^([01]\d|2[0-3]):[0-5]\d JST/);
  });

  it('formats minutes after 00:00 JST of the day as a clock time and the day it falls on', () => {
    expect(publicationTime(0)).toBe('00:00 JST');
    expect(publicationTime(1439)).toBe('23:59 JST');
    expect(publicationTime(1440)).toBe('00:00 JST next day');
    expect(publicationTime(2 * 1440 + 90)).toBe('01:30 JST 2 days later');
  });
});
