/**
 * The `feature_sync` job: materializes the newest dataset partitions into the feature store (store_offline and
 * store_online) with `gq store materialize-incremental --dataset <newest> --end <partition>` once the store exists and is configured (gq.store.json or
 * GQ_STORE_CONFIG); until then both assets are skipped with a note saying why. GQ_STORE_COMMAND overrides the command.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GQ_ENTRY, hasGqCommand } from './gq-commands.ts';
import type { JobResult, JobSpec, MaterializationResult } from './job-spec.ts';
import { latestDatasetFile } from './latest-dataset.ts';
import { runCommand } from './run-command.ts';

const skipped = (spec: JobSpec, note: string): MaterializationResult[] =>
  spec.partitions.flatMap((p) => [{ asset: 'store_offline', partition: p, rows: null, status: 'skipped', note }, { asset: 'store_online', partition: p, rows: null, status: 'skipped', note }]);

/** Syncs the store, or records both store assets as skipped. */
export async function runFeatureSyncJob(spec: JobSpec, log: (line: string) => void, signal: AbortSignal): Promise<JobResult> {
  const override = process.env.GQ_STORE_COMMAND;
  const config = resolve(spec.cwd, process.env.GQ_STORE_CONFIG ?? 'gq.store.json');
  if ((override === undefined || override === '') && !(existsSync(config) && hasGqCommand('store'))) {
    const note = existsSync(config) ? 'skipped: this gq has no `store` command yet' : `skipped: the feature store is not configured (no ${config})`;
    log(note);
    return { status: 'success', note, materializations: skipped(spec, note) };
  }
  const dataset = latestDatasetFile(spec.output);
  if (dataset === null) return { status: 'failed', error: 'no dataset partition to sync yet', materializations: [] };
  const argv = override !== undefined && override !== '' ? { shell: override } : [process.execPath, GQ_ENTRY, 'store', 'materialize-incremental', '--dataset', dataset, '--end', spec.partitions.at(-1) ?? ''];
  const r = await runCommand(argv, { GQ_DATASET: dataset }, spec.cwd, log, signal);
  if (r.code !== 0) return { status: 'failed', error: `store sync exited with ${r.code ?? r.signal}${r.stderrTail === '' ? '' : `: ${r.stderrTail}`}`, materializations: [] };
  const done: MaterializationResult[] = spec.partitions.flatMap((p) => [
    { asset: 'store_offline', partition: p, rows: null, status: 'materialized', note: null }, { asset: 'store_online', partition: p, rows: null, status: 'materialized', note: null },
  ]);
  return { status: 'success', note: `synced ${dataset}`, materializations: done };
}
