/**
 * Dataset writer throughput: writeParquet and writeCsv on a synthetic feature table.
 * Run: ./node_modules/.bin/node bench/parquet-write.bench.ts --rows 1000000 --cols 62
 * `--cols` counts every column: Code + Date + (cols - 2) Float64 features, half one-decimal
 * random-walk prices and half noise, each with ~5% NaN (nulls) scattered at random.
 * The last line printed is one JSON object with the numbers.
 */

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { OutColumn } from '../io/columns.ts';
import { writeCsv } from '../io/csv/index.ts';
import { writeParquet, type ParquetCodec } from '../io/parquet/index.ts';
import { mulberry32 } from '../io/jquants/standin/prng.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    cols: { type: 'string', default: '62' },
    'row-group': { type: 'string', default: '131072' },
    codec: { type: 'string', default: 'ZSTD' },
    'days-per-code': { type: 'string', default: '250' },
    'skip-csv': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const rows = Number(args.rows);
const cols = Number(args.cols);
const daysPerCode = Number(args['days-per-code']);
const rowGroupSize = Number(args['row-group']);
const codec = args.codec as ParquetCodec;

/** The synthetic table: rows sorted by (Code, Date), as a panel is. */
function makeTable(): OutColumn[] {
  const random = mulberry32(42);
  const codes = Math.ceil(rows / daysPerCode);
  const dictionary = Array.from({ length: codes }, (_, k) => String(10000 + k * 7).padStart(4, '0') + (k % 2 === 0 ? '0' : 'A'));
  const indices = new Int32Array(new SharedArrayBuffer(rows * 4));
  const dates = new Int32Array(new SharedArrayBuffer(rows * 4));
  for (let i = 0; i < rows; i++) {
    indices[i] = Math.floor(i / daysPerCode);
    dates[i] = 19_723 + (i % daysPerCode); // from 2024-01-01
  }
  const columns: OutColumn[] = [
    { name: 'Code', kind: 'dict', indices, dictionary },
    { name: 'Date', kind: 'date', values: dates },
  ];
  for (let c = 0; c < cols - 2; c++) {
    const values = new Float64Array(new SharedArrayBuffer(rows * 8));
    const price = c % 2 === 0;
    let level = 1000;
    for (let i = 0; i < rows; i++) {
      if (price) {
        if (i % daysPerCode === 0) level = 500 + random() * 5000;
        level = Math.max(1, level + (random() - 0.5) * 20);
        values[i] = Math.round(level * 10) / 10;
      } else {
        values[i] = (random() - 0.5) * 0.1;
      }
      if (random() < 0.05) values[i] = Number.NaN;
    }
    columns.push({ name: `f${c}`, kind: 'f64', values });
  }
  return columns;
}

const dir = args.out ?? (await mkdtemp(join(tmpdir(), 'gq-bench-')));
const t0 = performance.now();
const table = makeTable();
const genSeconds = (performance.now() - t0) / 1000;
console.log(`table: ${rows} rows x ${cols} columns (generated in ${genSeconds.toFixed(2)} s)`);

const parquetPath = join(dir, 'bench.parquet');
const p0 = performance.now();
const written = await writeParquet(parquetPath, table, { rowGroupSize, codec });
const parquetSeconds = (performance.now() - p0) / 1000;
const parquetMb = written.bytes / 1e6;
console.log(
  `parquet (${codec}, row groups of ${rowGroupSize}): ${parquetSeconds.toFixed(2)} s, ` +
    `${Math.round(rows / parquetSeconds)} rows/s, ${parquetMb.toFixed(1)} MB, ${written.rowGroups} row groups`,
);

let csv: { seconds: number; rowsPerSec: number; mb: number } | undefined;
if (!args['skip-csv']) {
  const csvPath = join(dir, 'bench.csv');
  const c0 = performance.now();
  await writeCsv(csvPath, table);
  const seconds = (performance.now() - c0) / 1000;
  const mb = (await stat(csvPath)).size / 1e6;
  csv = { seconds, rowsPerSec: Math.round(rows / seconds), mb };
  console.log(`csv: ${seconds.toFixed(2)} s, ${csv.rowsPerSec} rows/s, ${mb.toFixed(1)} MB`);
}

const rssMb = process.memoryUsage().rss / 1e6;
if (args.out === undefined) await rm(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    rows,
    cols,
    node: process.version,
    generateSeconds: genSeconds,
    parquet: { codec, rowGroupSize, seconds: parquetSeconds, rowsPerSec: Math.round(rows / parquetSeconds), mb: parquetMb, rowGroups: written.rowGroups },
    csv,
    rssMb: Math.round(rssMb),
  }),
);
