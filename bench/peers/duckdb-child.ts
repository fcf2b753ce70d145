/**
 * Peer bench, DuckDB in its own process: load the input Parquet into tables, compute the catalogue with SQL
 * (duckdb-sql.ts), COPY the result to Parquet (ZSTD). In-memory database, DuckDB's default thread count (cores).
 *   node bench/peers/duckdb-child.ts --bars B --topix T --out O --tmp DIR --memory-mib M
 * memory_limit M caps DuckDB's buffer manager (run.ts passes what is available less a reserve; DuckDB's own
 * default is 80% of RAM, too much on a machine shared with other processes).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { childArgs, need, report, since } from './child-report.ts';
import { computeSql, readSql, writeSql } from './duckdb-sql.ts';

const args = childArgs();
const out = need(args, 'out');
// Spills (if any) go to the bench's temp dir, which run.ts removes, never to ./.tmp of the working directory.
const instance = await DuckDBInstance.create(':memory:', { temp_directory: need(args, 'tmp'), memory_limit: `${need(args, 'memory-mib')}MiB` });
const db = await instance.connect();
const stages: Record<string, number> = {};

/** Runs statements in order; records each one's time under its table name. */
async function run(sqls: string[]): Promise<void> {
  for (const sql of sqls) {
    const t = performance.now();
    await db.run(sql);
    const name = /^COPY/.test(sql) ? 'copy' : /^DROP/.test(sql) ? 'drop' : /TABLE\s+(\w+)/.exec(sql)?.[1] ?? 'sql';
    stages[name] = +((stages[name] ?? 0) + since(t)).toFixed(3);
  }
}

const t0 = performance.now();
await run(readSql(need(args, 'bars'), need(args, 'topix')));
const readS = since(t0);
let t = performance.now();
await run(computeSql());
const computeS = since(t);
const rows = Number((await db.runAndReadAll('SELECT count(*) FROM out')).getRows()[0]![0]);
t = performance.now();
await run(writeSql(out));
const writeS = since(t);
const version = (await db.runAndReadAll('SELECT version()')).getRows()[0]![0];
const threads = (await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0]![0];
const memoryLimit = (await db.runAndReadAll("SELECT current_setting('memory_limit')")).getRows()[0]![0];
db.closeSync();
instance.closeSync();

await report({
  tool: 'duckdb', rows, read_s: readS, compute_s: computeS, write_s: writeS, end_to_end_s: +(readS + computeS + writeS).toFixed(3),
  extra: { version, threads: Number(threads), memory_limit: memoryLimit, stages },
}, out);
