import { describe, expect, it } from 'vitest';
import { assetsStatus } from '../../orchestrate/assets-status.ts';
import { assetsTable } from '../../orchestrate/cli/runs-text.ts';
import { openState } from '../../orchestrate/state/state.ts';

describe('gq assets', () => {
  it('shows an asset never built with lag "-" and the note "never built", and a built one with its lag', () => {
    const s = openState(':memory:');
    const now = Date.parse('2026-12-04T12:00:00Z'); // Friday 21:00 JST, the day's bars published
    s.materializations.record({ asset: 'dataset', partition: '2026-12-02', runId: 1, at: now, rows: 10, status: 'materialized', note: null });
    const lines = assetsTable(assetsStatus(s, now)).split('\n');
    const row = (asset: string): string[] => lines.find((l) => l.startsWith(`${asset} `))!.split(/\s{2,}/);
    expect(row('store_online')).toEqual(['store_online', 'derived', '16:30 JST', '-', '2026-12-04', '-', '-', 'STALE', 'never built']);
    expect(row('dataset').slice(3, 8)).toEqual(['2026-12-02', '2026-12-04', '2', '28.5h', 'STALE']);
    s.close();
  });
});
