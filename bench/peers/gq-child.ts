/**
 * Peer bench, gq's run in its own process: read the input Parquet into RawBars, assemble the panel (split
 * adjustment, no-trade fill, TOPIX alignment), compute the catalogue on a worker pool, write the dataset.
 *   node bench/peers/gq-child.ts --bars B --topix T --out O --workers N
 */
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { computeFeatures } from '../../engine/compute-features.ts';
import type { RawBars, TopixSeries } from '../../engine/raw-bars.ts';
import type { OutColumn } from '../../io/columns.ts';
import { writeParquet } from '../../io/parquet/index.ts';
import { boolOf, dictOf, f64Of, i32Of, readParquetColumns } from '../../io/source/parquet-columns.ts';
import { childArgs, need, report, since } from './child-report.ts';
import { BAR_COLUMNS } from './input.ts';
import { FEATURE_NAMES } from './output-columns.ts';

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
const r = await computeFeatures(panel, { workers });
const computeS = assembleS + r.computeMs / 1000;

t = performance.now();
const columns: OutColumn[] = [
  { name: 'Code', kind: 'dict', indices: panel.code, dictionary: panel.codes },
  { name: 'Date', kind: 'date', values: panel.date },
  { name: 'Open', kind: 'f64', values: panel.open },
  { name: 'High', kind: 'f64', values: panel.high },
  { name: 'Low', kind: 'f64', values: panel.low },
  { name: 'Close', kind: 'f64', values: panel.close },
  { name: 'Volume', kind: 'f64', values: panel.volume },
  { name: 'TurnoverValue', kind: 'f64', values: panel.turnover },
  { name: 'is_traded', kind: 'bool', values: panel.traded },
  { name: 'limit_hit', kind: 'i8', values: panel.limit },
  ...FEATURE_NAMES.map((name): OutColumn => ({ name, kind: 'f64', values: r.columns[name]! })),
];
await writeParquet(out, columns, { createdBy: 'gq' });
const writeS = since(t);

await report({
  tool: 'gq', rows: panel.rows, read_s: readS, compute_s: +computeS.toFixed(3), write_s: writeS, end_to_end_s: since(t0),
  extra: { workers: r.workers, assemble_s: assembleS, features_s: +(r.computeMs / 1000).toFixed(3), pool_start_s: +(r.startMs / 1000).toFixed(3), features: FEATURE_NAMES.length },
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
