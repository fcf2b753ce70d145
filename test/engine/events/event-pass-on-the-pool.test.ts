/**
 * The event families computed by the feature pool's workers (the 'event' pass after each shard's per-code
 * features, written into the batch's output slots) equal the single-threaded joins that the golden test checks
 * against the Python reference, bit for bit, whatever the batching; without loaded records they are null.
 */
import { describe, expect, it } from 'vitest';
import { tseCalendar } from '../../../engine/calendar/tse-calendar.ts';
import { buildEvents } from '../../../engine/events/event-sources.ts';
import { EVENT_COLUMNS, EVENT_FAMILIES } from '../../../engine/events/join-events.ts';
import { codeBatches, createFeaturePool } from '../../../engine/feature-pool.ts';
import { masterAsOf } from '../../../engine/master-asof.ts';
import type { Panel } from '../../../engine/panel.ts';
import { joinAll, panelOf, readInput } from '../../kernels/events-fixture.ts';

const inp = readInput('main');
const expected = joinAll(inp);

function eventPanel(): Panel {
  const panel = panelOf(inp);
  Object.assign(panel, masterAsOf(panel, inp.master));
  const recs = { flows: inp.investor_types, margin: inp.margin_interest, dmi: inp.margin_alert, statements: inp.fins_summary };
  panel.events = buildEvents(panel, recs, tseCalendar).join;
  return panel;
}

/** Every batch of the panel through a pool of `workers` threads; columns reassembled over the whole panel. */
async function onPool(panel: Panel, opts: { workers: number; maxBatchRows: number; families?: string[]; features?: string[] }): Promise<Record<string, Float64Array>> {
  const pool = await createFeaturePool(panel, { ...opts, slots: 1 });
  const out: Record<string, Float64Array> = {};
  try {
    for (const [lo, hi] of codeBatches(panel.offsets, opts.maxBatchRows)) {
      const r = await pool.computeBatch(lo, hi);
      for (const [c, v] of Object.entries(r.columns)) (out[c] ??= new Float64Array(panel.rows)).set(v, panel.offsets[lo]!);
    }
  } finally {
    await pool.close();
  }
  return out;
}

const same = (a: Float64Array, b: Float64Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('the event pass on the feature pool', () => {
  it('writes every event column as the single-threaded joins do, in batches of a few codes on 2 workers', async () => {
    const panel = eventPanel();
    const got = await onPool(panel, { workers: 2, maxBatchRows: Math.ceil(panel.rows / 3), families: [...EVENT_FAMILIES] });
    for (const f of EVENT_FAMILIES) for (const c of EVENT_COLUMNS[f]) expect(same(got[c]!, expected[c]!), c).toBe(true);
  });

  it('computes a single planned column of a family without the others', async () => {
    const panel = eventPanel();
    const got = await onPool(panel, { workers: 1, maxBatchRows: panel.rows, features: ['dmi_short_to_adv20', 'stmt_per'] });
    expect(same(got.dmi_short_to_adv20!, expected.dmi_short_to_adv20!)).toBe(true);
    expect(same(got.stmt_per!, expected.stmt_per!)).toBe(true);
    expect(got.stmt_pbr).toBeUndefined();
  });

  it('leaves every event column null when the run loaded no records', async () => {
    const panel = panelOf(inp);
    const got = await onPool(panel, { workers: 1, maxBatchRows: panel.rows, families: ['margin', 'dmi'] });
    for (const c of [...EVENT_COLUMNS.margin, ...EVENT_COLUMNS.dmi]) expect(got[c]!.every((x) => Number.isNaN(x)), c).toBe(true);
    expect(got.flow_foreign_share).toBeUndefined();
  });
});
