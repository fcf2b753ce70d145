/**
 * Peer bench: the same feature catalogue computed by gq, nodejs-polars and DuckDB from the same Parquet input,
 * each tool in its own process (so each peak RSS is its own), one after the other.
 *   npm run bench:peers -- --codes 4000 --days 1250
 * First the agreement check: the three tools run on a small market (--check-codes x --check-days, 500 x 500) and
 * their output files are read back and compared column by column (agree.ts); times are printed only if they agree.
 * Then the timed run at --codes x --days: the floor probe, each tool, and gq again at each --scaling worker count.
 * The last line is one JSON object (rows, per tool compute_s / end_to_end_s / peak_rss_mib, floor_s, agree).
 * Everything generated lives in a temp dir under bench/.tmp/, removed at the end (unless --keep).
 */
import { mkdir, rm } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compareOutputs, type AgreementReport } from './agree.ts';
import type { ChildResult } from './child-report.ts';
import { writeInput, type InputFiles } from './input.ts';
import { FEATURE_NAMES, FLAGS, FLOAT_COLUMNS, IDENTITY } from './output-columns.ts';
import { availableMiB, RESERVE_MIB, wouldNotFit } from './memory-guard.ts';
import { runChild, type ChildRun } from './spawn-child.ts';
import { gqVersion } from '../../pipeline/metadata.ts';
import { peerColumns, peerMode } from './family-columns.ts';
import { toleranceGroups } from './family-tolerance.ts';

const { values: opt } = parseArgs({
  options: {
    codes: { type: 'string', default: '500' },
    days: { type: 'string', default: '500' },
    seed: { type: 'string', default: '42' },
    workers: { type: 'string', default: '2' },
    scaling: { type: 'string', default: '1,2,4' },
    tools: { type: 'string', default: 'gq,polars,duckdb' },
    'check-codes': { type: 'string', default: '500' },
    'check-days': { type: 'string', default: '500' },
    'check-main': { type: 'boolean', default: false },
    'timeout-s': { type: 'string', default: '3600' },
    keep: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    families: { type: 'string', default: 'core' },
  },
});

type Tool = 'gq' | 'polars' | 'duckdb';
const TOOLS: Tool[] = ['gq', 'polars', 'duckdb'];
const SCRIPTS: Record<Tool, string> = { gq: './gq-child.ts', polars: './polars-child.ts', duckdb: './duckdb-child.ts' };
const codes = int(opt.codes, 'codes');
const days = int(opt.days, 'days');
const seed = int(opt.seed, 'seed');
const workers = int(opt.workers, 'workers');
const scaling = opt.scaling.split(',').filter(Boolean).map((s) => int(s, 'scaling'));
// --families a158|all: gq and polars compute the core catalogue plus the opt-in families (family-columns.ts);
// duckdb-sql.ts has the core catalogue only, so it is left out of those modes.
const mode = peerMode(opt.families);
const cols = peerColumns(mode);
const tools = opt.tools.split(',').map((s) => {
  if (!TOOLS.includes(s as Tool)) throw new Error(`--tools: unknown tool "${s}" (one of ${TOOLS.join(', ')})`);
  return s as Tool;
}).filter((t) => mode === 'core' || t !== 'duckdb');
const timeoutS = int(opt['timeout-s'], 'timeout-s');
const checkCodes = int(opt['check-codes'], 'check-codes');
const checkDays = int(opt['check-days'], 'check-days');

const root = join(import.meta.dirname, '..', '.tmp', `peers-${process.pid}`);
await mkdir(root, { recursive: true });
try {
  await main();
} finally {
  if (!opt.keep) await rm(root, { recursive: true, force: true });
  else console.log(`kept ${root}`);
}

async function main(): Promise<void> {
  console.log(`peer bench: ${cpus().length} vCPU, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; tools ${tools.join(', ')}; families ${mode} (${cols.features.length} float features); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  // 1. Agreement on the small market, before any time is printed.
  const checkDir = join(root, 'check');
  await mkdir(checkDir);
  const checkInput = await writeInput(checkDir, checkCodes, checkDays, seed, cols.sectors);
  const checkRuns = await runTools(checkInput, checkDir, workers);
  const agreement = await agree(checkRuns, checkDir);
  const same = checkCodes === codes && checkDays === days;
  if (!agreement.ok) {
    console.log(JSON.stringify({ rows: agreement.rows, agree: false, mismatches: agreement.failures }));
    process.exitCode = 1;
    return;
  }

  // 2. The timed run (the check's runs are reused when the sizes are the same).
  let input = checkInput;
  let dir = checkDir;
  if (!same) {
    await rm(checkDir, { recursive: true, force: true });
    dir = join(root, 'main');
    await mkdir(dir);
    input = await writeInput(dir, codes, days, seed, cols.sectors);
  }
  console.log(`input: ${codes} codes x ${days} days = ${input.rawRows} raw rows, ${(input.bytes / 1e6).toFixed(1)} MB Parquet (generated in ${input.generateS.toFixed(1)} s, written in ${input.writeS.toFixed(1)} s)`);
  const floorTooBig = opt.force ? undefined : wouldNotFit('floor', input.rawRows);
  const floor: ChildRun<FloorResult> = floorTooBig !== undefined ? { ok: false, reason: `skipped: ${floorTooBig}`, wall_s: 0 }
    : await runChild<FloorResult>('./floor-child.ts', ['--rows', String(input.rawRows), '--outputs', String(IDENTITY.length + FLAGS.length + cols.features.length - 2), '--threads', String(workers)], { timeoutS });
  const runs = same ? checkRuns : await runTools(input, dir, workers);
  let mainAgreement: Awaited<ReturnType<typeof agree>> | undefined;
  if (opt['check-main'] && !same) mainAgreement = await agree(runs, dir);
  const scale: Record<string, ChildRun<ChildResult>> = {};
  if (tools.includes('gq')) {
    for (const w of scaling) {
      scale[w] = w === workers && runs.gq !== undefined ? runs.gq : await runOne('gq', input, dir, w);
    }
  }
  printTable(input, runs, floor, scale, agreement, mainAgreement);
}

type FloorResult = { floor_s: number; one_thread_s: number; threads_s: number; pass_mapped_s: number; gib_moved: number; gib_per_s: number; gib_per_s_mapped: number; peak_rss_mib: number };
type Runs = Partial<Record<Tool, ChildRun<ChildResult>>>;

function toolArgs(tool: Tool, input: InputFiles, dir: string, w: number): string[] {
  const a = ['--bars', input.bars, '--topix', input.topix, '--out', join(dir, `${tool}.parquet`), '--families', mode, ...(input.sectors ? ['--sectors', input.sectors] : [])];
  if (tool === 'gq') return [...a, '--workers', String(w)];
  // DuckDB's buffer manager is capped at what is available now, so it spills to the temp dir rather than grow.
  if (tool === 'duckdb') return [...a, '--tmp', join(dir, 'duckdb-spill'), '--memory-mib', String(Math.floor(availableMiB() - RESERVE_MIB))];
  return a;
}

/**
 * Runs one tool in its own process, unless its estimated peak memory would not fit now (then says why). gq runs
 * twice, each phase in a cold process (compute alone, then end to end); its result joins the two, peak RSS the larger.
 */
async function runOne(tool: Tool, input: InputFiles, dir: string, w: number): Promise<ChildRun<ChildResult>> {
  const tooBig = opt.force ? undefined : wouldNotFit(tool, input.rawRows);
  const load = loadavg()[0]!.toFixed(2);
  const run = (phase: string[]): Promise<ChildRun<ChildResult>> => runChild<ChildResult>(SCRIPTS[tool], [...toolArgs(tool, input, dir, w), ...phase], { timeoutS });
  let r: ChildRun<ChildResult>;
  if (tooBig !== undefined) r = { ok: false, reason: `skipped: ${tooBig}`, wall_s: 0 };
  else if (tool !== 'gq') r = await run([]);
  else {
    const compute = await run(['--phase', 'compute']);
    const e2e = compute.ok ? await run(['--phase', 'e2e']) : compute;
    r = !compute.ok || !e2e.ok ? (compute.ok ? e2e : compute) : {
      ok: true, wall_s: +(compute.wall_s + e2e.wall_s).toFixed(3),
      result: {
        ...e2e.result, compute_s: compute.result.compute_s, peak_rss_mib: Math.max(compute.result.peak_rss_mib, e2e.result.peak_rss_mib),
        extra: { ...e2e.result.extra, features_s: compute.result.extra?.features_s, pool_wait_s: compute.result.extra?.pool_wait_s, compute_peak_rss_mib: compute.result.peak_rss_mib, e2e_peak_rss_mib: e2e.result.peak_rss_mib },
      },
    };
  }
  console.log(r.ok ? `  ran ${tool}${tool === 'gq' ? ` (${w} workers, compute and end to end in two processes)` : ''} on ${r.result.rows} rows in ${r.wall_s} s wall (load average before ${load}): ${JSON.stringify(r.result.extra)}`
    : `  ${tool} did not finish: ${r.reason}`);
  return r;
}

/** Runs every selected tool once, one after the other, on `input`; outputs land in `dir`. */
async function runTools(input: InputFiles, dir: string, w: number): Promise<Runs> {
  const runs: Runs = {};
  for (const tool of tools) runs[tool] = await runOne(tool, input, dir, w);
  return runs;
}

type Agreement = { ok: boolean; rows: number; lines: string[]; failures: unknown[] };

/**
 * compareOutputs over column groups of different tolerances (family-tolerance.ts: 1e-9 unless a column's polars
 * expression is a different algorithm); columns left out of the comparison are named in `lines`, with the reason.
 */
async function compareGroups(ref: string, other: string, columns: string[], lines: string[]): Promise<AgreementReport> {
  const groups = toleranceGroups(columns);
  for (const x of groups.excluded) lines.push(`  not compared: ${x.columns.join(', ')} (${x.why})`);
  const all: AgreementReport = { ok: true, rows: 0, checked: [], missing: [] };
  for (const g of groups.compared) {
    const r = await compareOutputs(ref, other, g.columns, g.rel);
    const worst = r.checked.reduce((a, c) => (c.worst > a.worst ? c : a), r.checked[0]!);
    lines.push(`  tolerance ${g.rel} for ${g.columns.length} columns (${g.why}): largest scaled difference ${worst.worst.toExponential(1)} in ${worst.column}`);
    all.ok &&= r.ok; all.rows = r.rows; all.checked.push(...r.checked); all.missing.push(...r.missing);
  }
  return all;
}

/** Compares every peer's output with gq's; the lines describe the result for the report. */
async function agree(runs: Runs, dir: string): Promise<Agreement> {
  const lines: string[] = [];
  const failures: unknown[] = [];
  let rows = 0;
  let ok = true;
  if (!runs.gq?.ok) return { ok: false, rows, lines: ['gq did not run: nothing to compare against'], failures: ['gq did not run'] };
  for (const peer of tools.filter((t) => t !== 'gq')) {
    if (!runs[peer]?.ok) { ok = false; failures.push(`${peer} did not run`); lines.push(`${peer}: did not run`); continue; }
    const r: AgreementReport = await compareGroups(join(dir, 'gq.parquet'), join(dir, `${peer}.parquet`), mode === 'core' ? [...FLAGS, ...FLOAT_COLUMNS] : cols.compared, lines);
    rows = r.rows;
    const worst = r.checked.reduce((a, c) => (c.worst > a.worst ? c : a), r.checked[0]!);
    lines.push(`gq vs ${peer}: ${r.ok ? 'agree' : 'DISAGREE'} on ${r.checked.length} columns x ${r.rows} rows` +
      ` (largest scaled difference ${worst.worst.toExponential(1)} in ${worst.column})${r.missing.length > 0 ? `; not in ${peer}: ${r.missing.join(', ')}` : ''}`);
    for (const c of r.checked.filter((x) => x.bad > 0)) {
      ok = false;
      failures.push({ peer, ...c });
      lines.push(`  ${c.column}: ${c.bad} rows off (${c.nullMismatch} null on one side only), e.g. ${c.example}`);
    }
  }
  for (const l of lines) console.log(l);
  return { ok, rows, lines, failures };
}

function printTable(input: InputFiles, runs: Runs, floor: ChildRun<FloorResult>, scale: Record<string, ChildRun<ChildResult>>, check: Agreement, mainCheck: Agreement | undefined): void {
  const gq = runs.gq?.ok ? runs.gq.result : undefined;
  const rows = gq?.rows ?? Object.values(runs).find((r) => r?.ok)?.result.rows ?? 0;
  const line = (cells: (string | number)[]): string => cells.map((c, i) => String(c).padStart(i === 0 ? 0 : 12).padEnd(i === 0 ? 8 : 0)).join(' ');
  console.log('');
  console.log(`${rows} panel rows (${input.rawRows} raw); agreement checked on ${checkCodes} x ${checkDays} (${check.rows} rows) by reading every output Parquet back${mainCheck ? ` and on this size too (${mainCheck.ok ? 'agree' : 'DISAGREE'})` : ''}`);
  console.log(line(['tool', 'compute s', 'rows/s', 'e2e s', 'rows/s', 'read s', 'write s', 'peak MiB', 'out MB', 'vs gq cmp', 'vs gq e2e']));
  for (const tool of tools) {
    const r = runs[tool];
    if (!r?.ok) { console.log(`${tool.padEnd(8)} skipped: ${r?.reason ?? 'not run'}`); continue; }
    const x = r.result;
    const ratio = (a: number, b: number | undefined): string => (b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
    console.log(line([tool, x.compute_s.toFixed(2), Math.round(rows / x.compute_s), x.end_to_end_s.toFixed(2), Math.round(rows / x.end_to_end_s),
      x.read_s.toFixed(2), x.write_s.toFixed(2), x.peak_rss_mib, (x.out_bytes / 1e6).toFixed(1), ratio(x.compute_s, gq?.compute_s), ratio(x.end_to_end_s, gq?.end_to_end_s)]));
  }
  if (floor.ok) {
    const f = floor.result;
    console.log(`floor: ${f.floor_s.toFixed(2)} s to allocate ${FEATURE_NAMES.length + 8} output columns and stream 6 inputs into them once (${f.gib_moved} GiB, ${f.gib_per_s} GiB/s; 1 thread ${f.one_thread_s} s, ${workers} threads ${f.threads_s} s); the same pass over already-mapped memory ${f.pass_mapped_s} s (${f.gib_per_s_mapped} GiB/s)`);
  } else console.log(`floor: ${floor.reason}`);
  const scaled: Record<string, unknown> = {};
  for (const [w, r] of Object.entries(scale)) {
    if (!r.ok) { console.log(`gq, ${w} workers: ${r.reason}`); scaled[w] = { skipped: r.reason }; continue; }
    const x = r.result;
    const extra = x.extra as { features_s: number; assemble_s: number; pool_wait_s: number };
    console.log(`gq, ${w} worker${w === '1' ? '' : 's'}: compute ${x.compute_s.toFixed(2)} s (assemble ${extra.assemble_s} + wait for the pool ${extra.pool_wait_s} + features alone ${extra.features_s}), write not hidden by compute ${x.write_s.toFixed(2)} s, end to end ${x.end_to_end_s.toFixed(2)} s, peak ${x.peak_rss_mib} MiB`);
    scaled[w] = { compute_s: x.compute_s, features_s: extra.features_s, end_to_end_s: x.end_to_end_s, peak_rss_mib: x.peak_rss_mib };
  }
  const summary: Record<string, unknown> = { rows, raw_rows: input.rawRows, codes, days };
  for (const tool of TOOLS) {
    const r = runs[tool];
    if (!tools.includes(tool)) continue;
    summary[tool] = r?.ok
      ? { compute_s: r.result.compute_s, end_to_end_s: r.result.end_to_end_s, peak_rss_mib: r.result.peak_rss_mib, read_s: r.result.read_s, write_s: r.result.write_s, out_mb: +(r.result.out_bytes / 1e6).toFixed(1), ...(tool === 'gq' ? { workers } : {}) }
      : { skipped: r?.reason ?? 'not run' };
  }
  summary.floor_s = floor.ok ? floor.result.floor_s : null;
  summary.floor_mapped_s = floor.ok ? floor.result.pass_mapped_s : null;
  summary.gq_workers = scaled;
  summary.versions = {
    node: process.version, gq: gqVersion(),
    polars: runs.polars?.ok ? runs.polars.result.extra?.version : undefined, duckdb: runs.duckdb?.ok ? runs.duckdb.result.extra?.version : undefined,
  };
  summary.load_avg_end = +loadavg()[0]!.toFixed(2);
  summary.agree = check.ok && (mainCheck?.ok ?? true);
  summary.agree_checked_on = `${checkCodes}x${checkDays}${mainCheck ? ` and ${codes}x${days}` : ''}`;
  console.log(JSON.stringify(summary));
}

function int(s: string, name: string): number {
  const v = Number(s);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got "${s}"`);
  return v;
}
