/**
 * Peer bench, gq's run in its own process. compute_s: assembly plus one pass of the whole catalogue on the feature
 * pool with nothing else running. end_to_end_s: read the input Parquet into RawBars, assemble (split adjustment,
 * no-trade fill, TOPIX alignment), then `gq run`'s own compute-and-write stage (batch k+1 computed while batch k is
 * encoded on the encoding pool and written) - the compute-alone pass is excluded from it.
 *   node bench/peers/gq-child.ts --bars B --topix T --out O --workers N
 */
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { basename, dirname } from 'node:path';
import { codeBatches, createFeaturePool } from '../../engine/feature-pool.ts';
import type { RawBars, TopixSeries } from '../../engine/raw-bars.ts';
import { boolOf, dictOf, f64Of, i32Of, readParquetColumns } from '../../io/source/parquet-columns.ts';
import { computeAndWrite } from '../../pipeline/compute-and-write.ts';
import { createBus } from '../../pipeline/events.ts';
import { parseRunOptions } from '../../pipeline/run-options.ts';
import { batchRows } from '../../pipeline/memory-estimate.ts';
import { childArgs, need, report, since } from './child-report.ts';
import { BAR_COLUMNS } from './input.ts';

const args = childArgs();
const out = need(args, 'out');
const workers = Number(need(args, 'workers'));

const t0 = performance.now();
const raw = await readBars(need(args, 'bars'));
const topix = await readTopix(need(args, 'topix'));
const readS = since(t0);

let t = performance.now();
const { panel } = assemblePanel(raw, topix);
const assembleS = since(t);
// The raw columns are garbage from here on (the panel holds copies): drop them before the outputs exist.
clear(raw);

const maxRows = batchRows(panel.offsets);
const batches = codeBatches(panel.offsets, maxRows);
const beforeCompute = performance.now();

// 1. Feature compute alone (what compute_s reports): every batch on the feature pool, nothing written, so the
//    encoding threads do not share the cores. Not part of the end-to-end time below.
//    The same pool (two output slots) then serves the end-to-end stage, so nothing is allocated twice.
const pool = await createFeaturePool(panel, { workers, maxBatchRows: maxRows, slots: 2 });
let featuresS = 0;
for (const [lo, hi] of batches) featuresS += (await pool.computeBatch(lo, hi)).ms / 1000;
const computeOnlyS = since(beforeCompute) - pool.startMs / 1000;

// 2. End to end: the same compute-and-write stage as `gq run`: batches computed on the feature pool while the previous batch is
// encoded on the encoding pool; Parquet only, to the path the bench gives; every row is output (no warm-up).
const o = parseRunOptions({ workers, format: 'parquet', output: dirname(out) }, {}, process.cwd(), ['bench'], false);
t = performance.now();
const r = await computeAndWrite({ o, panel, batches, maxRows, from: Number.NEGATIVE_INFINITY, update: undefined, name: basename(out, '.parquet'), source: 'bench', pool }, createBus());
await pool.close();
const stageS = since(t);

await report({
  tool: 'gq', rows: r.rows, read_s: readS, compute_s: +(assembleS + featuresS).toFixed(3), write_s: +(r.writeMs / 1000).toFixed(3),
  end_to_end_s: +(since(t0) - computeOnlyS).toFixed(3),
  extra: {
    workers, batches: batches.length, assemble_s: assembleS, features_s: +featuresS.toFixed(3),
    features_while_writing_s: +(r.computeMs / 1000).toFixed(3), compute_and_write_s: stageS, features: r.plan.length,
  },
}, out);

async function readBars(path: string): Promise<RawBars> {
  const t = await readParquetColumns(path, BAR_COLUMNS);
  const code = dictOf(t, 'Code');
  return {
    rows: t.rows, codes: code.dictionary, code: code.indices, date: i32Of(t, 'Date'),
    open: f64Of(t, 'O'), high: f64Of(t, 'H'), low: f64Of(t, 'L'), close: f64Of(t, 'C'),
    volume: f64Of(t, 'Vo'), turnover: f64Of(t, 'Va'), adjFactor: f64Of(t, 'AdjFactor'),
    upperLimit: boolOf(t, 'UL'), lowerLimit: boolOf(t, 'LL'),
  };
}

async function readTopix(path: string): Promise<TopixSeries> {
  const t = await readParquetColumns(path, ['Date', 'O', 'H', 'L', 'C']);
  return { date: i32Of(t, 'Date'), open: f64Of(t, 'O'), high: f64Of(t, 'H'), low: f64Of(t, 'L'), close: f64Of(t, 'C') };
}

function clear(raw: RawBars): void {
  const empty = new Float64Array(0);
  raw.open = raw.high = raw.low = raw.close = raw.volume = raw.turnover = raw.adjFactor = empty;
  raw.code = raw.date = new Int32Array(0);
  raw.upperLimit = raw.lowerLimit = new Uint8Array(0);
}
