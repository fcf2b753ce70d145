import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../orchestrate/jobs/job-spec.ts';
import { runJob } from '../../orchestrate/jobs/run-job.ts';
import { tmpFolder } from './helpers/tmp.ts';

const spec = (dir: string, job: string, o: Partial<JobSpec> = {}): JobSpec => ({
  runId: 7, job, partitions: ['2026-11-20'], tags: {}, params: {}, output: join(dir, 'out'), pipeline: {}, trainCommand: null, cwd: dir, ...o,
});

describe('the training and feature-store jobs', () => {
  const saved = { train: process.env.GQ_TRAIN_COMMAND, store: process.env.GQ_STORE_COMMAND, cfg: process.env.GQ_STORE_CONFIG };
  afterEach(() => {
    for (const [k, v] of [['GQ_TRAIN_COMMAND', saved.train], ['GQ_STORE_COMMAND', saved.store], ['GQ_STORE_CONFIG', saved.cfg]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });

  it('runs GQ_TRAIN_COMMAND with the newest dataset partition in GQ_DATASET', async () => {
    const dir = tmpFolder('train');
    for (const d of ['2026-11-19', '2026-11-20']) {
      mkdirSync(join(dir, 'out/dataset', `date=${d}`), { recursive: true });
      writeFileSync(join(dir, 'out/dataset', `date=${d}`, 'dataset.parquet'), 'x');
    }
    process.env.GQ_TRAIN_COMMAND = `printf '%s' "$GQ_DATASET" > ${join(dir, 'seen.txt')}`;
    const lines: string[] = [];
    const r = await runJob(spec(dir, 'train'), (l) => lines.push(l), new AbortController().signal);
    expect(r.status).toBe('success');
    expect(readFileSync(join(dir, 'seen.txt'), 'utf8')).toBe(join(dir, 'out/dataset/date=2026-11-20/dataset.parquet'));
  });

  it('reports a failing training command with its exit code and last stderr line', async () => {
    const dir = tmpFolder('train-fail');
    mkdirSync(join(dir, 'out/dataset/date=2026-11-20'), { recursive: true });
    writeFileSync(join(dir, 'out/dataset/date=2026-11-20/dataset.parquet'), 'x');
    process.env.GQ_TRAIN_COMMAND = 'echo "no GPU here" >&2; exit 3';
    const r = await runJob(spec(dir, 'train'), () => {}, new AbortController().signal);
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
