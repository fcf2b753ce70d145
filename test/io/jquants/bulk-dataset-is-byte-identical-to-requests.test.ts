import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBus } from '../../../pipeline/events.ts';
import { runPipeline } from '../../../pipeline/run.ts';
import { parseRunOptions } from '../../../pipeline/run-options.ts';

/** Metadata fields that legitimately differ between two runs of the same data: when, how long, how many requests, where. */
const RUN_FIELDS = ['created_at', 'timings_s', 'requests', 'files'];

/** Runs the sample market (30 codes x 130 days) in a fresh folder, with bulk files forced on or off. */
async function build(bulk: 'always' | 'off'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `gq-bulk-${bulk}-`));
  const o = parseRunOptions({ sampleCodes: 30, sampleDays: 130, workers: 1 }, {}, dir, ['gq', 'run'], false);
  o.bulk = bulk;
  await runPipeline(o, createBus());
  return dir;
}

describe('a dataset built through bulk files', () => {
  it('is byte-identical to the one built through by-date requests', async () => {
    const viaFiles = await build('always');
    const viaRequests = await build('off');
    // The bulk run really read files: its day pieces record the file they came from.
    const cache = join(viaFiles, '.gq-cache', 'sample-30x130-seed42', 'bars');
    const piece = readdirSync(cache).find((f) => f.endsWith('.json'))!;
    expect(readFileSync(join(cache, piece), 'utf8')).toMatch(/"query":"bulk=equities\/bars\/daily\/historical\/\d{4}\/equities_bars_daily_\d{6}\.csv\.gz&date=/);
    const pieceR = join(viaRequests, '.gq-cache', 'sample-30x130-seed42', 'bars', piece);
    expect(readFileSync(pieceR, 'utf8')).toMatch(/"query":"date=/);

    const out = (dir: string, f: string): Buffer => readFileSync(join(dir, 'out', f));
    for (const f of ['dataset.parquet', 'dataset.csv', 'dataset.quarantine.csv']) {
      expect(out(viaFiles, f).equals(out(viaRequests, f)), f).toBe(true);
    }
    const meta = (dir: string): Record<string, unknown> => {
      const m = JSON.parse(out(dir, 'dataset.metadata.json').toString('utf8')) as Record<string, unknown>;
      for (const k of RUN_FIELDS) delete m[k];
      return m;
    };
    expect(meta(viaFiles)).toEqual(meta(viaRequests));
    const quality = (dir: string): unknown => JSON.parse(out(dir, 'dataset.quality.json').toString('utf8').replace(/"(ms|seconds|elapsed_ms|timings?)":[^,}]*/g, ''));
    expect(quality(viaFiles)).toEqual(quality(viaRequests));
  });
});
