import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDaemonConfig } from '../../orchestrate/config.ts';
import { startDaemon } from '../../orchestrate/daemon.ts';
import type { Executor } from '../../orchestrate/executor.ts';
import type { JobSpec } from '../../orchestrate/jobs/job-spec.ts';
import { runJob } from '../../orchestrate/jobs/run-job.ts';
import { tmpFolder } from './helpers/tmp.ts';
import { until } from './helpers/until.ts';

const spec = (dir: string, job: string, o: Partial<JobSpec> = {}): JobSpec => ({
  runId: 7, job, partitions: ['2026-11-20'], tags: {}, params: {}, output: join(dir, 'out'), pipeline: {}, trainCommand: null, trainDataset: null, cwd: dir, ...o,
});

describe('the training and feature-store jobs', () => {
  const saved = { train: process.env.GQ_TRAIN_COMMAND, data: process.env.GQ_TRAIN_DATASET, store: process.env.GQ_STORE_COMMAND, cfg: process.env.GQ_STORE_CONFIG };
  afterEach(() => {
    for (const [k, v] of [['GQ_TRAIN_COMMAND', saved.train], ['GQ_TRAIN_DATASET', saved.data], ['GQ_STORE_COMMAND', saved.store], ['GQ_STORE_CONFIG', saved.cfg]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });

  // Three real partitions built by the dataset job from a small sample market: the oldest (2025-01-06) and the two
  // newest; the walk-forward of gq train needs two calendar years of dates, the first only to train.
  const built = tmpFolder('train-whole');
  const pipeline = { sampleCodes: 8, sampleDays: 480, workers: 1, format: 'parquet', historyFrom: '2024-12-02' };
  const DAYS = ['2025-01-06', '2026-11-19', '2026-11-20'];
  beforeAll(async () => {
    const r = await runJob(spec(built, 'dataset', { partitions: DAYS, pipeline }), () => {}, new AbortController().signal);
    expect(r.status).toBe('success');
  }, 120_000);
  const rowsOf = async (path: string) => {
    const buf = readFileSync(path);
    return (await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, compressors })) as Record<string, unknown>[];
  };
  const dayOf = (r: Record<string, unknown>) => (r.Date instanceof Date ? r.Date.toISOString() : String(r.Date)).slice(0, 10);

  it('runs GQ_TRAIN_COMMAND on the whole dataset: one file from the oldest partition to the newest, the partitions\' rows equal', async () => {
    const seen = join(built, 'seen.txt');
    process.env.GQ_TRAIN_COMMAND = `printf '%s\\n%s\\n%s\\n%s' "$GQ_DATASET" "$GQ_DATASET_FROM" "$GQ_DATASET_TO" "$GQ_DATASET_DIR" > ${seen}`;
    const lines: string[] = [];
    const r = await runJob(spec(built, 'train', { partitions: ['2026-11-22'], pipeline }), (l) => lines.push(l), new AbortController().signal);
    expect(r.status).toBe('success');
    const whole = join(built, 'out/whole/dataset.parquet');
    expect(readFileSync(seen, 'utf8').split('\n')).toEqual([whole, '2025-01-06', '2026-11-20', join(built, 'out/dataset')]);
    expect(r.note).toBe(`trained on ${whole} (2025-01-06..2026-11-20)`);
    expect(r.files?.map((f) => f.path)).toContain(whole);
    const rows = await rowsOf(whole);
    const days = [...new Set(rows.map(dayOf))].sort();
    expect(days[0]).toBe('2025-01-06');
    expect(days.at(-1)).toBe('2026-11-20');
    expect(days.length).toBeGreaterThan(400); // every business day between, not only the three built
    for (const d of DAYS) {
      const part = await rowsOf(join(built, 'out/dataset', `date=${d}`, 'dataset.parquet'));
      expect(part.length).toBeGreaterThan(5);
      expect(rows.filter((x) => dayOf(x) === d)).toEqual(part);
    }
  }, 120_000);

  it('runs gq train on the whole dataset when nothing else is configured', async () => {
    delete process.env.GQ_TRAIN_COMMAND;
    const lines: string[] = [];
    const r = await runJob(spec(built, 'train', { partitions: ['2026-11-22'], pipeline }), (l) => lines.push(l), new AbortController().signal);
    expect(r).toMatchObject({ status: 'success', note: `trained on ${join(built, 'out/whole/dataset.parquet')} (2025-01-06..2026-11-20)` });
    expect(lines.some((l) => l.startsWith('gq train: ridge on'))).toBe(true);
    const predictions = await rowsOf(join(built, 'out/whole/train/predictions.parquet'));
    expect(predictions.length).toBeGreaterThan(0);
    expect(predictions.every((p) => dayOf(p) >= '2026-01-01' && dayOf(p) <= '2026-11-20')).toBe(true);
  }, 120_000);

  it('trains on the dataset named in trainDataset or GQ_TRAIN_DATASET as it is, and fails clearly when it is missing', async () => {
    const dir = tmpFolder('train-named');
    writeFileSync(join(dir, 'mine.parquet'), 'x');
    process.env.GQ_TRAIN_COMMAND = `printf '%s' "$GQ_DATASET" > ${join(dir, 'seen.txt')}`;
    const r = await runJob(spec(dir, 'train', { trainDataset: join(dir, 'mine.parquet') }), () => {}, new AbortController().signal);
    expect(r).toMatchObject({ status: 'success', note: `trained on ${join(dir, 'mine.parquet')}` });
    expect(readFileSync(join(dir, 'seen.txt'), 'utf8')).toBe(join(dir, 'mine.parquet'));
    process.env.GQ_TRAIN_DATASET = 'nope.parquet';
    const missing = await runJob(spec(dir, 'train', { trainDataset: join(dir, 'mine.parquet') }), () => {}, new AbortController().signal);
    expect(missing).toMatchObject({ status: 'failed', error: `the training dataset ${join(dir, 'nope.parquet')} (GQ_TRAIN_DATASET) does not exist; write it with gq run or unset it` });
  });

  it('hands the config\'s trainDataset, relative to the config file, to the train run', async () => {
    const dir = tmpFolder('train-config');
    const specs: JobSpec[] = [];
    const executor: Executor = { launch(s) { specs.push(s); return { done: Promise.resolve({ status: 'success', materializations: [] }), cancel() {} }; }, async close() {} };
    const off = ['daily_pipeline', 'feature_sync', 'weekly_ml_training'].map((name) => ({ name, enabled: false }));
    const config = buildDaemonConfig({ state: 'state.db', trainDataset: 'data/mine.parquet', schedules: off }, join(dir, 'gq.schedules.json'), dir);
    const d = await startDaemon({ config, cwd: dir, executor, port: null, env: {}, log: () => {} });
    d.state.runs.request({ job: 'train', partitions: [], trigger: 'manual' }, Date.now());
    d.wake();
    await until(() => specs.length === 1, 'the train run', 5_000);
    await d.stop(0);
    expect(specs[0]!.trainDataset).toBe(join(dir, 'data/mine.parquet'));
  });

  it('fails with the fix when there is no partition to train on yet', async () => {
    process.env.GQ_TRAIN_COMMAND = 'true';
    const dir = tmpFolder('train-none');
    const r = await runJob(spec(dir, 'train'), () => {}, new AbortController().signal);
    expect(r).toMatchObject({ status: 'failed', error: `no dataset partition under ${join(dir, 'out/dataset')} to train on yet (run a backfill, or set trainDataset)` });
  });

  it('reports a failing training command with its exit code and last stderr line', async () => {
    const dir = tmpFolder('train-fail');
    writeFileSync(join(dir, 'mine.parquet'), 'x');
    process.env.GQ_TRAIN_COMMAND = 'echo "no GPU here" >&2; exit 3';
    const r = await runJob(spec(dir, 'train', { trainDataset: join(dir, 'mine.parquet') }), () => {}, new AbortController().signal);
    expect(r).toMatchObject({ status: 'failed', error: 'training command exited with 3: no GPU here' });
  });

  it('skips both store assets with a note when the feature store is not configured', async () => {
    const dir = tmpFolder('store');
    delete process.env.GQ_STORE_COMMAND;
    process.env.GQ_STORE_CONFIG = join(dir, 'gq.store.json');
    const r = await runJob(spec(dir, 'feature_sync'), () => {}, new AbortController().signal);
    expect(r.status).toBe('success');
    expect(r.note).toBe(`skipped: the feature store is not configured (no ${join(dir, 'gq.store.json')})`);
    expect(r.materializations.map((m) => [m.asset, m.status])).toEqual([['store_offline', 'skipped'], ['store_online', 'skipped']]);
  });
});
