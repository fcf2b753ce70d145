/**
 * `gq run`: fetch -> check -> assemble -> compute and write in batches of whole codes, as plain async stages over
 * typed values, with stage and progress events on one bus. Memory for features is bounded by the batch. Every file
 * is written to a temp name and renamed; the dataset files appear only once complete, the metadata last.
 */
import { join } from 'node:path';
import { assemblePanel } from '../engine/assemble-panel.ts';
import { formatDay } from '../engine/dates.ts';
import { masterAsOf } from '../engine/master-asof.ts';
import { applyDividendAdjustment } from '../engine/dividend-adjust.ts';
import { codeBatches, startFeaturePool, type StartedPool } from '../engine/feature-pool.ts';
import type { Panel } from '../engine/panel.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { universeOf } from './universe.ts';
import { checkStage } from './check-stage.ts';
import { cleanOnSignal } from './clean-on-signal.ts';
import { renderQualityReport, withAssemblyFindings } from './quality/quality-report.ts';
import { computeAndWrite } from './compute-and-write.ts';
import { loadDividends } from './dividends.ts';
import { GqError } from './errors.ts';
import { emptyResultError } from './empty-result.ts';
import type { RunBus, StageName } from './events.ts';
import { loadSource } from './load-source.ts';
import { attachEvents } from './load-events.ts';
import { batchRows, defaultBatchRows, estimateMemory } from './memory-estimate.ts';
import { buildMetadata, type MetadataInput } from './metadata.ts';
import { WARMUP_ROWS } from './range.ts';
import type { RunOptions } from './run-options.ts';
import { checkSameInputs, planUpdate, recordOptions } from './update-dataset.ts';
import { stageOutputs, type WrittenFile } from './output-dir.ts';

export type RunResult = {
  rows: number;
  codes: number;
  files: WrittenFile[];
  timings: Partial<Record<StageName, number>>;
};

/** Runs the whole job once (or an update of a dataset's families); throws GqError for what a user can fix. */
export async function runPipeline(given: RunOptions, bus: RunBus): Promise<RunResult> {
  const update = given.dataset === undefined ? undefined : await planUpdate(given);
  const o = update?.options ?? given;
  // Every file goes to a staging folder first and moves into --output only when all of them are written.
  const staged = stageOutputs(o.output);
  // Ctrl-C or a kill removes the staging folder too (the commit is synchronous, so no signal lands inside it).
  const release = cleanOnSignal(() => staged.abort(), `nothing of this run was written to ${o.output}`);
  try {
    const r = await runStaged({ ...o, output: staged.dir }, update, bus, staged.finalPath);
    return { ...r, files: staged.commit(r.files) };
  } catch (e) {
    staged.abort();
    throw e;
  } finally {
    release();
  }
}

/** The run itself, writing into the staging folder `o.output`; `finalPath` names where each file will end up. */
async function runStaged(o: RunOptions, update: Awaited<ReturnType<typeof planUpdate>> | undefined, bus: RunBus, finalPath: (p: string) => string): Promise<RunResult> {
  const timings: Partial<Record<StageName, number>> = {};
  const timed = async <T>(stage: StageName, fn: () => Promise<T> | T, detail?: (t: T) => string): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    timings[stage] = performance.now() - t0;
    bus.emit('stage:end', { stage, ms: timings[stage]!, detail: detail?.(out) });
    return out;
  };

  const loaded = await timed('fetch', () => loadSource(o, bus), (l) => `${l.raw.rows} raw rows, ${l.requests} requests`);
  if (update !== undefined) checkSameInputs(update, loaded.inputs);
  if (update !== undefined && loaded.requests > 0) bus.emit('warn', `${loaded.requests} requests were needed: the raw cache did not hold all of this dataset's data`);
  if (loaded.raw.rows === 0) throw new GqError('NO_DATA', `no bars in ${formatDay(loaded.range.fetchFrom)}..${formatDay(loaded.range.fetchTo)}; widen --from/--to or check --codes`);

  // The feature pool starts now: its threads load and fault in their output memory during the checks and assembly.
  // (With --batch-size the batch rows depend on the panel, so the pool waits for it.)
  const started = o.batchSize === undefined
    ? startFeaturePool(Math.min(loaded.raw.rows, defaultBatchRows(update?.families ?? o.families)), { workers: o.workers, families: update?.families ?? o.families, slots: 2 })
    : undefined;
  const { checked, assembly, dividends, batches, name, written, universe, events } = await checkAssembleCompute(o, loaded, update, bus, timed, started)
    .finally(() => started?.close());
  const { files, rows, codes, columns, nullCounts, plan: outputPlan, workers } = written;
  if (rows === 0) throw emptyResultError(loaded.raw, o.from ?? loaded.range.from, o.to ?? loaded.range.to, checked.keep);
  timings.compute = written.computeMs;
  timings.write = written.writeMs;
  const quality = { ...withAssemblyFindings(checked.report, { ...assembly, written: written.unknown }), ...events?.quality };
  files.push(await writeText(join(o.output, `${name}.quality.json`), `${JSON.stringify(quality, null, 2)}\n`, 'quality report'));
  files.push(await writeText(join(o.output, `${name}.quality.txt`), `${renderQualityReport(quality)}\n`, 'quality (text)'));
  files.push(await checked.writeQuarantine(join(o.output, `${name}.quarantine.csv`)));
  const meta: MetadataInput = {
    rows, columns, nullCounts, plan: outputPlan, runOptions: recordOptions(o, formatDay(loaded.range.from), formatDay(loaded.range.to), o.families), codes, from: written.firstDay ?? loaded.range.from, to: written.lastDay ?? loaded.range.to,
    source: loaded.source, apiPlan: loaded.plan, argv: o.argv, inputs: loaded.inputs, timings, quality, assembly,
    dividends, requests: loaded.requests, workers, float32: o.float32, files: files.map((f) => ({ ...f, path: finalPath(f.path) })),
    history: { origin: loaded.origin, loadedFrom: loaded.range.fetchFrom, loadedTo: loaded.range.fetchTo, warmupRows: WARMUP_ROWS }, batches: batches.length, universe,
  };
  const metadata = events === undefined ? buildMetadata(meta) : { ...buildMetadata(meta), event_families: events.metadata };
  files.push(await writeText(join(o.output, `${name}.metadata.json`), `${JSON.stringify(metadata, null, 2)}\n`, 'metadata'));
  return { rows, codes, files, timings };
}

/** The stages between fetching and the side files: checks, assembly, dividends, then compute and write. */
async function checkAssembleCompute(
  o: RunOptions, loaded: Awaited<ReturnType<typeof loadSource>>, update: Awaited<ReturnType<typeof planUpdate>> | undefined, bus: RunBus,
  timed: <T>(stage: StageName, fn: () => Promise<T> | T, detail?: (t: T) => string) => Promise<T>, started: StartedPool | undefined,
) {
  bus.emit('stage:start', { stage: 'check', total: loaded.raw.rows, unit: 'rows' });
  const checked = await timed('check', () => checkStage(loaded.raw, loaded.calendar, o.skipQualityChecks, bus), (c) => c.summary);

  bus.emit('stage:start', { stage: 'assemble', total: checked.keptRows, unit: 'rows' });
  const { panel, report: assembly } = await timed('assemble', () => assemblePanel(loaded.raw, loaded.topix, checked.keep, checked.holes), (a) => `${a.panel.rows} rows x ${a.panel.codes.length} codes`);
  if (panel.rows === 0) throw emptyResultError(loaded.raw, o.from ?? loaded.range.from, o.to ?? loaded.range.to, checked.keep);
  if (assembly.topixCarried.length > 0) bus.emit('warn', `TOPIX has no close on ${assembly.topixCarried.length} business day(s) (${assembly.topixCarried.slice(0, 3).join(', ')}${assembly.topixCarried.length > 3 ? ', ...' : ''}): the previous close is carried, as on a no-trade day`);
  if (assembly.rowsAfterTopix > 0) bus.emit('warn', `TOPIX ends before the stocks: ${assembly.rowsAfterTopix} row(s) after its last day have null TOPIX-relative features`);
  if (assembly.unknownBars > 0) bus.emit('info', `${assembly.unknownBars} quarantined bar(s) kept as (Code, Date) rows with null OHLCV, so the windows over them are not full`);
  const dividends = o.dividends === undefined ? null : adjustDividends(panel, o.dividends, bus);
  // Sector and market of each row as of its date, and the universe the per-date families see (families.md §0, §6.3).
  if (loaded.master !== undefined) Object.assign(panel, masterAsOf(panel, loaded.master));
  // The per-date pass needs the panel and its sectors, not the event tables: it starts on the pool's threads while
  // this thread builds them. (Its failure is the first batch's, awaited in computeAndWrite.)
  const pool = started === undefined ? undefined : await started.attach(panel);
  pool?.datePass().catch(() => undefined);
  // The event families' tables over this panel (flows read each row's market, set just above).
  const events = loaded.events === undefined ? undefined : attachEvents(panel, loaded.events, loaded.calendar, bus);
  const universe = universeOf(panel, o.codes !== undefined ? 'codes' : o.source.kind === 'sample' ? 'sample' : 'all', update?.families ?? o.families, loaded.range.from, loaded.range.to);

  const maxRows = batchRows(panel.offsets, o.batchSize, update?.families ?? o.families);
  const batches = codeBatches(panel.offsets, maxRows);
  const need = estimateMemory(Math.min(panel.rows, maxRows), panel.rows, o.float32, update?.families ?? o.families);
  bus.emit('info', `memory: about ${need.totalMiB} MiB (${panel.rows} rows in ${batches.length} batch${batches.length > 1 ? 'es' : ''} of at most ${maxRows} rows)`);

  const name = o.tag ?? 'dataset';
  const written = await computeAndWrite({ o, panel, batches, maxRows, from: loaded.range.from, to: loaded.range.to, update, name, source: loaded.source, pool }, bus);
  return { checked, assembly, dividends, batches, name, written, universe, events };
}

/** Applies `--dividends` to the panel's prices (ratio method); returns what the metadata records. */
function adjustDividends(panel: Panel, path: string, bus: RunBus): Record<string, unknown> {
  const { records, undecided } = loadDividends(path);
  const r = applyDividendAdjustment(panel, records);
  bus.emit('info', `dividends: ${r.applied} ex-dates applied (ratio method) from ${path}${r.skipped.length > 0 ? `, ${r.skipped.length} skipped` : ''}${undecided > 0 ? `, ${undecided} undecided amounts ignored` : ''}`);
  return { method: 'ratio (1 - D / previous close), backward', file: path, applied: r.applied, skipped: r.skipped.slice(0, 50), undecided };
}

async function writeText(path: string, text: string, kind: string): Promise<WrittenFile> {
  await writeFileAtomic(path, text);
  return { kind, path, bytes: Buffer.byteLength(text) };
}
