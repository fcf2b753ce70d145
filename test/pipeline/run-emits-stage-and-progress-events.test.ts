import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBus } from '../../pipeline/events.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { parseRunOptions } from '../../pipeline/run-options.ts';

describe('a run on the bus', () => {
  it('emits every stage in order, with progress in requests, rows and files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-bus-'));
    const o = parseRunOptions({ sampleCodes: 6, sampleDays: 40, workers: 1 }, {}, dir, ['test'], false);
    const bus = createBus();
    const seen: string[] = [];
    const units = new Set<string>();
    bus.on('stage:start', (e) => seen.push(`start ${e.stage}`));
    bus.on('stage:end', (e) => seen.push(`end ${e.stage}`));
    bus.on('stage:progress', (e) => units.add(`${e.stage}:${e.unit}`));
    const r = await runPipeline(o, bus);
    expect(r.rows).toBeGreaterThan(100);
    expect(seen.filter((s) => s.startsWith('end'))).toEqual(['end fetch', 'end check', 'end assemble', 'end compute', 'end write']);
    expect(seen.indexOf('start compute')).toBeLessThan(seen.indexOf('end compute'));
    expect([...units].sort()).toEqual(['compute:rows', 'fetch:requests', 'write:files']);
  });
});
