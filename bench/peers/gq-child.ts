/**
 * Peer bench, gq's run in its own process, one phase per process so that each starts cold (no warm JIT, no output
 * memory touched before), as polars' and DuckDB's runs do:
 *   --phase compute: read; start the feature pool and assemble (split adjustment, no-trade fill, TOPIX alignment)
 *     meanwhile, as `gq run` does; then one pass of the whole catalogue on the pool, batch by batch, nothing written.
 *     compute_s = from the pool's start to the pass's end (assembly, any wait for the pool, the pass).
 *   --phase e2e: read, start the pool and assemble, then `gq run`'s own compute-and-write stage (batch k+1 computed while batch k is
 *     encoded on the encoding pool and written). end_to_end_s is all of it, pool start included.
 *   node bench/peers/gq-child.ts --phase compute|e2e --bars B --topix T --out O --workers N
 */
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { basename, dirname } from 'node:path';
import { codeBatches, startFeaturePool } from '../../engine/feature-pool.ts';
import type { RawBars } from '../../engine/raw-bars.ts';
import { rawBarsFromParquet, topixFromParquet } from '../../io/source/raw-from-parquet.ts';
import { computeAndWrite } from '../../pipeline/compute-and-write.ts';
import { createBus } from '../../pipeline/events.ts';
import { parseRunOptions } from '../../pipeline/run-options.ts';
import { batchRows, defaultBatchRows } from '../../pipeline/memory-estimate.ts';
import { childArgs, need, report, since } from './child-report.ts';
import { peerColumns, peerMode } from './family-columns.ts';
import { readParquetColumns } from '../../io/source/parquet-columns.ts';
import { sharedI32 } from '../../engine/shared.ts';
import type { Panel } from '../../engine/panel.ts';

const args = childArgs();
const out = need(args, 'out');
const workers = Number(need(args, 'workers'));
const phase = args.phase ?? 'e2e';
if (phase !== 'compute' && phase !== 'e2e') throw new Error(`--phase ${phase}: expected compute or e2e`);

// --families core|a158|all (family-columns.ts); `all` reads each code's S33 from --sectors.
const cols = peerColumns(peerMode(args.families ?? 'core'));
const families = [...cols.families];

const t0 = performance.now();
// The same readers as `gq run --source DIR` uses for Parquet files.
const raw = await rawBarsFromParquet(need(args, 'bars'));
const topix = await topixFromParquet(need(args, 'topix'));
const readS = since(t0);

// As `gq run` does, the feature pool starts before assembly, so its threads load and fault in their output memory
// meanwhile. End to end: two output slots, one batch computed while the other is written. Compute alone: one, since
// nothing is written (a second would only add first-touch page faults of memory nothing needs).
let t = performance.now();
const slots = phase === 'e2e' ? 2 : 1;
const started = startFeaturePool(Math.min(raw.rows, defaultBatchRows(families)), { workers, slots, families });
const { panel } = assemblePanel(raw, topix);
if (cols.sectors) await setSectors(panel, need(args, 'sectors'));
const assembleS = since(t);
// The raw columns are garbage from here on (the panel holds copies).
clear(raw);

const maxRows = batchRows(panel.offsets, undefined, families);
const batches = codeBatches(panel.offsets, maxRows);
const pool = await started.attach(panel);
const poolWaitS = since(t) - assembleS;

if (phase === 'compute') {
  t = performance.now();
  let featuresS = 0;
  const batchMs: number[] = [];
  for (let b = 0; b < batches.length; b++) {
    const ms = (await pool.computeBatch(batches[b]![0], batches[b]![1], 0)).ms;
    batchMs.push(Math.round(ms));
    featuresS += ms / 1000;
  }
  const passS = since(t);
  await pool.close();
  await report({
    tool: 'gq', rows: panel.rows, read_s: readS, compute_s: +(assembleS + poolWaitS + passS).toFixed(3), write_s: 0, end_to_end_s: 0,
    extra: { phase, workers, batches: batches.length, assemble_s: assembleS, features_s: +featuresS.toFixed(3), batch_ms: batchMs, pool_wait_s: +poolWaitS.toFixed(3) },
  }, undefined);
} else {
  // Parquet only, to the path the bench gives; every row is output (no warm-up).
  const o = parseRunOptions({ workers, format: 'parquet', output: dirname(out), families }, {}, process.cwd(), ['bench'], false);
  t = performance.now();
  const r = await computeAndWrite({ o, panel, batches, maxRows, from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY, update: undefined, name: basename(out, '.parquet'), source: 'bench', pool }, createBus());
  await pool.close();
  const stageS = since(t);
  await report({
    tool: 'gq', rows: r.rows, read_s: readS, compute_s: 0, write_s: +(r.writeMs / 1000).toFixed(3), end_to_end_s: since(t0),
    extra: { phase, workers, batches: batches.length, assemble_s: assembleS, features_while_writing_s: +(r.computeMs / 1000).toFixed(3), compute_and_write_s: stageS, features: r.plan.length },
  }, out);
}

function clear(raw: RawBars): void {
  const empty = new Float64Array(0);
  raw.open = raw.high = raw.low = raw.close = raw.volume = raw.turnover = raw.adjFactor = empty;
  raw.code = raw.date = new Int32Array(0);
  raw.upperLimit = raw.lowerLimit = new Uint8Array(0);
}

/** panel.sector33 from a (Code, S33) file: each code's sector on every row (-1 where the file has none). */
async function setSectors(panel: Panel, path: string): Promise<void> {
  const t = await readParquetColumns(path, ['Code', 'S33']);
  const c = t.columns.Code!;
  const s = t.columns.S33!;
  if (c.kind !== 'dict' || s.kind !== 'dict') throw new Error(`${path}: Code and S33 must be strings`);
  const of = new Map<string, number>();
  for (let i = 0; i < t.rows; i++) of.set(c.dictionary[c.indices[i]!]!, Number(s.dictionary[s.indices[i]!]!));
  const sector = sharedI32(panel.rows).fill(-1);
  for (let k = 0; k < panel.codes.length; k++) sector.fill(of.get(panel.codes[k]!) ?? -1, panel.offsets[k]!, panel.offsets[k + 1]!);
  panel.sector33 = sector;
}
