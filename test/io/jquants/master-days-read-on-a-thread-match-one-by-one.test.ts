import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../../io/jquants/client.ts';
import { readRecordColumnsOnThread, recordsOfColumns } from '../../../io/jquants/cache/records-thread.ts';
import { encodePieceRecords } from '../../../io/jquants/cache/piece-records.ts';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import { fastClient, smallMarket, tempDir } from './helpers.ts';

const FIELDS = ['Date', 'Code', 'S33', 'Mkt'] as const;

describe('master snapshots of many days', () => {
  it('read from the cache on a thread are the records read one day at a time, sidecars missing or stale included', async () => {
    const m = smallMarket(12, 60);
    const s = await startStandin({ port: 0, market: m });
    try {
      const days = Array.from(m.days.slice(0, 40));
      const cacheDir = tempDir('master-days');
      const cold = createClient(fastClient(s.url, { cacheDir }));
      const fetched = await cold.fetchMasterDays({ days, fields: [...FIELDS] }); // fetched: read here, not on a thread
      await cold.close();
      expect(fetched.requests).toBe(40);
      const warm = createClient(fastClient(s.url, { cacheDir }));
      const oneByOne = [];
      for (const d of days) oneByOne.push((await warm.fetchMaster({ date: d, fields: [...FIELDS] })).records);
      const master = join(cacheDir, 'master');
      const sidecars = readdirSync(master).filter((f) => f.endsWith('.recs')).sort();
      expect(sidecars.length).toBe(40); // the names are not ASCII
      rmSync(join(master, sidecars[0]!));
      writeFileSync(join(master, sidecars[1]!), encodePieceRecords([{ Code: 'stale' }], 1)!);
      const cached = await warm.fetchMasterDays({ days, fields: [...FIELDS] });
      await warm.close();
      expect(cached.requests).toBe(0);
      expect(cached.records.flat().length).toBeGreaterThan(300);
      expect(cached.records).toEqual(oneByOne);
      expect(fetched.records).toEqual(oneByOne);
      expect(existsSync(join(master, sidecars[0]!))).toBe(true); // made again from the JSON piece
    } finally {
      await s.close();
    }
  });

  it('as columns keep each value, -0, null, booleans and absent fields apart, and refuse object values', async () => {
    const dir = tempDir('record-columns');
    const recs = [{ A: 'x', B: -0, C: null }, { A: 'x', B: 0, C: true }, { B: '0', C: false, D: 1 }, { A: 'y' }];
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ data: recs }));
    writeFileSync(`${file}.recs`, encodePieceRecords(recs, 5)!);
    const c = await readRecordColumnsOnThread({ parts: [{ file, fetchedAt: 5 }, { file, fetchedAt: 6 }], fields: ['A', 'B', 'C'] });
    const back = recordsOfColumns(c, ['A', 'B', 'C']);
    // The second part's sidecar is of another fetch: its JSON piece is read (where -0 was written as 0).
    expect(back).toEqual([[{ A: 'x', B: -0, C: null }, { A: 'x', B: 0, C: true }, { B: '0', C: false }, { A: 'y' }], [{ A: 'x', B: 0, C: null }, { A: 'x', B: 0, C: true }, { B: '0', C: false }, { A: 'y' }]]);
    expect(Object.is(back[0]![0]!.B, -0)).toBe(true);
    expect(Object.is(back[0]![1]!.B, 0)).toBe(true);
    writeFileSync(join(dir, 'o.json'), JSON.stringify({ data: [{ A: { x: 1 } }] }));
    await expect(readRecordColumnsOnThread({ parts: [{ file: join(dir, 'o.json'), fetchedAt: 1 }], fields: ['A'] })).rejects.toThrow(/object value/);
    await expect(readRecordColumnsOnThread({ parts: [{ file: join(dir, 'none.json'), fetchedAt: 1 }], fields: ['A'] })).rejects.toThrow(/cannot read cached piece/);
  });
});
