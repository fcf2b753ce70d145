/**
 * The dataset a training run reads: the whole history, not one day. A quant trains on every day built so far, so by
 * default this is `gq run` over the daemon's partitions (the oldest built day to the newest, with the daemon's pipeline
 * flags, from the raw cache) written as one file under `<output>/whole/`; rows equal the partitions' rows because both
 * are computed from the same history origin. A path in GQ_TRAIN_DATASET or the config's `trainDataset` (the user's
 * own `gq run` output) is used as it is instead.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBus } from '../../pipeline/events.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { parseRunOptions } from '../../pipeline/run-options.ts';
import type { OutputFile } from '../state/runs.ts';
import { sha256File } from './checksum.ts';
import type { JobSpec } from './job-spec.ts';
import { datasetPartitionDays } from './latest-dataset.ts';

export type WholeDataset = { path: string; from: string | null; to: string | null; files: OutputFile[] };

/** Where the whole dataset is built. */
export function wholeDatasetDir(output: string): string {
  return join(output, 'whole');
}

/** The whole dataset to train on (built now unless a path is configured); throws an Error with the fix when there is none. */
export async function wholeDataset(spec: JobSpec, log: (line: string) => void, env: Readonly<Record<string, string | undefined>> = process.env): Promise<WholeDataset> {
  const named = (env.GQ_TRAIN_DATASET ?? '').trim() !== '' ? resolve(spec.cwd, env.GQ_TRAIN_DATASET!) : spec.trainDataset ?? null;
  if (named !== null) {
    if (!existsSync(named)) throw new Error(`the training dataset ${named} (${(env.GQ_TRAIN_DATASET ?? '').trim() !== '' ? 'GQ_TRAIN_DATASET' : 'trainDataset'}) does not exist; write it with gq run or unset it`);
    return { path: named, from: null, to: null, files: [] };
  }
  const days = datasetPartitionDays(spec.output);
  if (days.length === 0) throw new Error(`no dataset partition under ${join(spec.output, 'dataset')} to train on yet (run a backfill, or set trainDataset)`);
  const from = days[0]!;
  const to = days.at(-1)!;
  const hasKey = (env.JQUANTS_API_KEY ?? '').trim() !== '';
  const flags: Record<string, unknown> = { workers: 1, ...spec.pipeline, from, to, output: wholeDatasetDir(spec.output), tag: 'dataset', format: 'parquet' };
  const o = parseRunOptions(flags, env, spec.cwd, ['gq', 'daemon', `run#${spec.runId}`, `whole=${from}..${to}`], hasKey);
  const bus = createBus();
  bus.on('warn', (m) => log(`warning: ${m}`));
  bus.on('stage:end', (e) => log(`${e.stage}: ${(e.ms / 1000).toFixed(2)} s${e.detail === undefined ? '' : ` (${e.detail})`}`));
  log(`whole dataset: gq run --from ${from} --to ${to} (${days.length} partitions built) -> ${o.output}`);
  const r = await runPipeline(o, bus);
  const files: OutputFile[] = [];
  for (const f of r.files) files.push({ kind: f.kind, path: f.path, bytes: f.bytes, sha256: await sha256File(f.path) });
  const path = join(o.output, 'dataset.parquet');
  log(`whole dataset: ${r.rows} rows, ${from}..${to} in ${path}`);
  return { path, from, to, files };
}
