/**
 * Whole-engine bench: builds the sample market, assembles the panel, computes the whole catalogue.
 *   npm run bench:engine -- --codes 4000 --days 1250 --workers 2
 * The last line is one JSON object: rows, workers, features, compute_s, rows_per_s, peak_rss_mib and stage times.
 * Worker threads share the process, so VmHWM counts their memory too.
 */
import { assemblePanel } from '../engine/assemble-panel.ts';
import { computeFeatures, defaultWorkers } from '../engine/compute-features.ts';
import { generateMarket } from '../io/sample/market.ts';
import { benchArgs, peakRssMiB } from './args.ts';

const a = benchArgs({ codes: 500, days: 500, workers: defaultWorkers(), seed: 42 });
let t = performance.now();
let market: ReturnType<typeof generateMarket> | undefined = generateMarket({ codes: a.codes!, days: a.days!, seed: a.seed, withAdjusted: false });
const generateS = (performance.now() - t) / 1000;
t = performance.now();
const { panel } = assemblePanel(market.bars, market.topix);
const assembleS = (performance.now() - t) / 1000;
market = undefined; // the raw columns are no longer needed: let them go before the outputs are allocated
const r = await computeFeatures(panel, { workers: a.workers });
const features = r.plan.length;
const result = {
  rows: panel.rows, codes: panel.codes.length, workers: r.workers, features, shards: r.shards,
  generate_s: +generateS.toFixed(3), assemble_s: +assembleS.toFixed(3), pool_start_s: +(r.startMs / 1000).toFixed(3),
  compute_s: +(r.computeMs / 1000).toFixed(3), rows_per_s: Math.round(panel.rows / (r.computeMs / 1000)),
  ns_per_row_feature: +((r.computeMs * 1e6) / (panel.rows * features)).toFixed(2), peak_rss_mib: await peakRssMiB(),
};
console.log(`engine: ${result.rows} rows x ${features} features on ${result.workers} workers: compute ${result.compute_s} s, ${result.rows_per_s} rows/s, peak RSS ${result.peak_rss_mib} MiB`);
console.log(JSON.stringify(result));
