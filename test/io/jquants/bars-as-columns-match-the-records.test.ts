import { describe, expect, it } from 'vitest';
import { rawBarsFromRecords } from '../../../engine/raw-from-records.ts';
import type { RawBars } from '../../../engine/raw-bars.ts';
import { createClient } from '../../../io/jquants/client.ts';
import { startStandin } from '../../../io/jquants/standin/server.ts';
import { fastClient, smallMarket, spanOf, tempDir } from './helpers.ts';

/** Rows as sorted `code|date|values` lines, so two tables compare whatever their row order. */
function rowsOf(b: RawBars): string[] {
  return Array.from({ length: b.rows }, (_, i) => [b.codes[b.code[i]!], b.date[i], b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i], b.turnover[i], b.adjFactor[i], b.upperLimit[i], b.lowerLimit[i], b.adjClose?.[i]].join('|')).sort();
}

describe('daily bars fetched as columns', () => {
  it('hold exactly the rows of the records, cold and from the cache', async () => {
    const m = smallMarket(15, 25);
    const s = await startStandin({ port: 0, market: m, pageSize: 40 });
    try {
      const q = { ...spanOf(m), codes: undefined };
      const cacheDir = tempDir('cols');
      const cold = createClient(fastClient(s.url, { cacheDir }));
      const viaColumns = await cold.fetchDailyBarsColumns(q);
      await cold.close();
      const warm = createClient(fastClient(s.url, { cacheDir }));
      const cached = await warm.fetchDailyBarsColumns(q);
      const records = await warm.fetchDailyBars(q);
      await warm.close();
      const want = rowsOf(rawBarsFromRecords(records.records));
      expect(want.length).toBe(m.bars.rows);
      expect(rowsOf(viaColumns.bars)).toEqual(want);
      expect(rowsOf(cached.bars)).toEqual(want);
      expect(cached.requests).toBe(0);
    } finally {
      await s.close();
    }
  });
});
