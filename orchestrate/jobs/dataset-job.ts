/**
 * The `dataset` job: `gq run` for one daily partition d (`--from d --to d`, the warm-up history comes from the raw
 * cache or the API), written atomically under `<output>/dataset/date=d/`. A `refetch` run asks the API again for the
 * bars (`--update prices`) instead of trusting the cache. Reports rows, requests, the quality error ratio of the
 * partition's days, the files with their checksums, and the materializations of the dataset and its raw kinds.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { removeStaleTemps } from '../../io/stale-temps.ts';
import { createBus } from '../../pipeline/events.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { parseRunOptions } from '../../pipeline/run-options.ts';
import { DATASET_SOURCES } from '../assets.ts';
import type { OutputFile } from '../state/runs.ts';
import { sha256File } from './checksum.ts';
import { partitionDir, type JobResult, type JobSpec, type MaterializationResult } from './job-spec.ts';
import { quarantinedByDay } from './quarantine-days.ts';

/** Builds each partition of the run in turn. */
export async function runDatasetJob(spec: JobSpec, log: (line: string) => void): Promise<JobResult> {
  let rows = 0;
  let quarantined = 0;
  const files: OutputFile[] = [];
  const materializations: MaterializationResult[] = [];
  for (const day of spec.partitions) {
    const r = await buildPartition(spec, day, log);
    rows += r.rows;
    quarantined += r.quarantined;
    files.push(...r.files);
    materializations.push({ asset: 'dataset', partition: day, rows: r.rows, status: 'materialized', note: null });
    for (const a of DATASET_SOURCES) materializations.push({ asset: a, partition: day, rows: a === 'bars' ? r.rows + r.quarantined : null, status: 'materialized', note: null });
  }
  // Assembly keeps a quarantined row as a no-trade row, so the rows written are the day's rows, quarantined or not.
  const ratio = rows === 0 ? (quarantined > 0 ? 1 : 0) : Math.min(1, quarantined / rows);
  return { status: 'success', rows, qualityErrorRatio: ratio, files, materializations };
}

async function buildPartition(spec: JobSpec, day: string, log: (line: string) => void): Promise<{ rows: number; quarantined: number; files: OutputFile[] }> {
  const env = process.env;
  const hasKey = (env.JQUANTS_API_KEY ?? '').trim() !== '';
  const flags: Record<string, unknown> = { workers: 1, ...spec.pipeline, from: day, to: day, output: partitionDir(spec.output, day) };
  if (spec.tags.refetch === 'true') flags.update = 'prices';
  const o = parseRunOptions(flags, env, spec.cwd, ['gq', 'daemon', `run#${spec.runId}`, `partition=${day}`], hasKey);
  removeStaleTemps(o.output);
  const bus = createBus();
  bus.on('info', (m) => log(m));
  bus.on('warn', (m) => log(`warning: ${m}`));
  bus.on('stage:end', (e) => log(`${e.stage}: ${(e.ms / 1000).toFixed(2)} s${e.detail === undefined ? '' : ` (${e.detail})`}`));
  log(`partition ${day}: gq run --from ${day} --to ${day} (${o.source.kind === 'api' ? 'J-Quants API' : o.source.kind}) -> ${o.output}`);
  const r = await runPipeline(o, bus);
  const files: OutputFile[] = [];
  for (const f of r.files) files.push({ kind: f.kind, path: f.path, bytes: f.bytes, sha256: await sha256File(f.path) });
  const name = o.tag ?? 'dataset';
  const byDay = quarantinedByDay(join(o.output, `${name}.quarantine.csv`));
  const quarantined = byDay.get(day) ?? 0;
  const report = JSON.parse(readFileSync(join(o.output, `${name}.quality.json`), 'utf8')) as { rows_quarantined?: number };
  log(`partition ${day}: ${r.rows} rows written, ${quarantined} quarantined on the day (${report.rows_quarantined ?? 0} in the whole fetched range)`);
  return { rows: r.rows, quarantined, files };
}
