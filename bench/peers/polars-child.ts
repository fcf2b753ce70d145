/**
 * Peer bench, nodejs-polars in its own process: read the input Parquet into DataFrames, compute the catalogue as
 * one lazy query (polars-features.ts), write the dataset with polars' own Parquet writer (ZSTD level 1).
 *   node bench/peers/polars-child.ts --bars B --topix T --out O [--families core|a158|all --sectors S]
 * Threads: polars' own pool (POLARS_MAX_THREADS, default the core count).
 */
import pl from 'nodejs-polars';
import { childArgs, need, report, since } from './child-report.ts';
import { features, panel } from './polars-features.ts';
import { peerColumns, peerMode } from './family-columns.ts';
import { a158Exprs, dateExprs } from './polars-families.ts';

const args = childArgs();
const out = need(args, 'out');

const t0 = performance.now();
const bars = pl.readParquet(need(args, 'bars'));
const topix = pl.readParquet(need(args, 'topix'));
const readS = since(t0);

// --families a158|all (family-columns.ts): the opt-in families as later stages; `all` joins each code's S33.
const mode = peerMode(args.families ?? 'core');
const cols = peerColumns(mode);
const sectors = cols.sectors ? pl.readParquet(need(args, 'sectors')) : undefined;
let t = performance.now();
const input = sectors === undefined ? bars.lazy()
  : bars.lazy().join(sectors.lazy().select(pl.col('Code'), pl.col('S33').cast(pl.Int32)), { on: 'Code', how: 'left', maintainOrder: 'left' });
const extend = (s: ReturnType<typeof input.select>): ReturnType<typeof input.select> =>
  mode === 'a158' ? s.withColumns(...a158Exprs()) : s.withColumns(...a158Exprs()).withColumns(...dateExprs());
let result: ReturnType<typeof pl.DataFrame> | undefined = await features(panel(input, topix.lazy()),
  mode === 'core' ? undefined : { extend, columns: cols.output, floats: cols.features }).collect();
const computeS = since(t);

t = performance.now();
// sinkParquet, not writeParquet: the DataFrame writer has no level (its ZSTD default took 12 s here against 5 s
// for level 1) and runs on one thread. Level 1 is what gq and DuckDB write too.
await result.lazy().sinkParquet(out, { compression: 'zstd', compressionLevel: 1 }).collect();
const writeS = since(t);
const rows = result.height;
result = undefined;

await report({
  tool: 'polars', rows, read_s: readS, compute_s: computeS, write_s: writeS, end_to_end_s: since(t0),
  extra: { threads: process.env.POLARS_MAX_THREADS ?? 'default (cores)', version: pl.version },
}, out);
