import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { panelToArrow } from '../../engine/arrow-table.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';

const raw = rawBarsFromRecords([
  { Date: '2024-01-04', Code: '130A0', O: 10, H: 12, L: 9, C: 11, UL: '1', LL: '0', Vo: 100, Va: 1100, AdjFactor: 1 },
  { Date: '2024-01-05', Code: '130A0', O: null, H: null, L: null, C: null, UL: '0', LL: '0', Vo: null, Va: null, AdjFactor: 1 },
]);
const { panel } = assemblePanel(raw, topixFromRecords([{ Date: '2024-01-04', O: 1, H: 1, L: 1, C: 2000 }]));

describe('the Arrow view of a panel', () => {
  it('shares the panel buffers instead of copying them', () => {
    const f = Float64Array.from([Number.NaN, 0.5]);
    const t = panelToArrow(panel, { returns_1d: f });
    expect(t.getChild('Close')!.data[0]!.values.buffer).toBe(panel.close.buffer);
    expect(t.getChild('Date')!.data[0]!.values.buffer).toBe(panel.date.buffer);
    expect(t.getChild('returns_1d')!.data[0]!.values.buffer).toBe(f.buffer);
  });

  it('types dates as days, codes as a dictionary, and NaN as null', () => {
    const t = panelToArrow(panel, { returns_1d: Float64Array.from([Number.NaN, 0.5]) });
    expect(String(t.schema.fields.find((x) => x.name === 'Date')!.type)).toBe('Date32<DAY>');
    expect(String(t.schema.fields.find((x) => x.name === 'Code')!.type)).toBe('Dictionary<Int32, Utf8>');
    const rows = t.toArray().map((r) => r.toJSON());
    expect(rows[0]).toMatchObject({ Code: '130A0', Date: Date.UTC(2024, 0, 4), Close: 11, is_traded: true, limit_hit: 1, returns_1d: null });
    expect(rows[1]).toMatchObject({ Close: 11, Volume: 0, is_traded: false, returns_1d: 0.5 });
  });
});
