/**
 * Where the outputs of distributed runs go, so that every worker and the daemon see them. With the feature store's
 * offline store on S3 (gq.store.json `offline: s3://bucket/prefix`, or GQ_OUTPUT_S3), a worker builds a dataset
 * partition in a local staging folder and uploads it beside the store, under `<prefix>-partitions/` (outside the
 * store's own prefix, whose `gq store status` would list the files as strays): each attempt's files under their own
 * key folder, then the partition's pointer `dataset/date=D/_partition.json` naming them is put last. One PUT is
 * atomic, so a reader sees the old partition or the new one, never a mix; the replaced build's objects are deleted
 * only at the build after (a reader holding the old pointer still finds its files). Without S3, the config's `output` must be
 * a path every worker sees (a shared mount): the daemon leaves a marker there and a worker that cannot see it refuses
 * the run with a message saying so; partition files are written there atomically as in the embedded mode.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.ts';
import { GqError } from '../../pipeline/errors.ts';
import type { OutputFile } from '../state/runs.ts';

/** The shared place of a queue's outputs. */
export type OutputTarget = { kind: 'shared-path' } | { kind: 's3'; bucket: string; root: string; url: string };

/** A committed partition's pointer (`_partition.json`). */
export type PartitionPointer = {
  asset: 'dataset'; partition: string; runId: number; attempt: number; worker: string; at: string;
  files: { name: string; key: string; bytes: number; sha256: string }[];
  /** The keys of the build this one replaced: kept until the next build, for readers that took the old pointer. */
  replaced: string[];
};

/** The marker file the daemon leaves in its output folder (queue mode). */
export const SHARED_MARKER = '.gq-queue-output.json';

/** An s3://bucket/prefix URL as bucket and prefix. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (m === null) throw new GqError('BAD_OPTION', `${url}: expected s3://bucket/prefix`);
  return { bucket: m[1]!, prefix: (m[2] ?? '').replace(/\/+$/, '') };
}

/** The outputs' place on this machine: GQ_OUTPUT_S3, else beside an S3 offline store of the store config, else the shared path. */
export async function outputTarget(cwd: string, env: Readonly<Record<string, string | undefined>>): Promise<OutputTarget> {
  const explicit = env.GQ_OUTPUT_S3;
  if (explicit !== undefined && explicit !== '') {
    const { bucket, prefix } = parseS3Url(explicit);
    return { kind: 's3', bucket, root: prefix, url: explicit.replace(/\/+$/, '') };
  }
  const { readStoreConfig } = await import('../../store/config.ts');
  // A GQ_STORE_CONFIG naming no file is an error (as for every store command), not a silent "no store".
  const c = readStoreConfig(undefined, cwd, env);
  if (c.offline.kind !== 's3') return { kind: 'shared-path' };
  const root = c.offline.prefix === '' ? 'gq-partitions' : `${c.offline.prefix}-partitions`;
  return { kind: 's3', bucket: c.offline.bucket, root, url: `s3://${c.offline.bucket}/${root}` };
}

/** Leaves the marker of `stateId` in the daemon's output folder (atomically). */
export async function markSharedOutput(output: string, stateId: string): Promise<void> {
  await mkdir(output, { recursive: true });
  await writeFileAtomic(join(output, SHARED_MARKER), `${JSON.stringify({ stateId, note: 'gq daemon --queue: every gq worker must see this folder at this path' })}\n`);
}

/** Null when this machine sees the daemon's output folder (its marker), else why not. */
export function sharedOutputProblem(output: string, stateId: string, worker: string): string | null {
  const f = join(output, SHARED_MARKER);
  let seen: string | null = null;
  try {
    seen = (JSON.parse(readFileSync(f, 'utf8')) as { stateId?: string }).stateId ?? null;
  } catch { /* absent or unreadable */ }
  if (seen === stateId) return null;
  return `the output folder ${output} is not shared with worker ${worker} (${seen === null ? `no ${SHARED_MARKER} from its daemon there` : `${SHARED_MARKER} there is another daemon's`}): `
    + 'mount it at the same path on every worker, or put the outputs on S3 (an s3:// offline store in gq.store.json, or GQ_OUTPUT_S3)';
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const b of createReadStream(path)) h.update(b as Buffer);
  return h.digest('hex');
}

type S3 = Awaited<ReturnType<typeof import('../../store/s3-client.ts').s3Client>>;

/** The S3 client of a target (AWS_* variables of this machine). */
export async function s3Of(t: Extract<OutputTarget, { kind: 's3' }>, env: Readonly<Record<string, string | undefined>>): Promise<S3> {
  const { s3Client } = await import('../../store/s3-client.ts');
  return s3Client(t.bucket, { ...env });
}

/** The key of a partition's pointer. */
export function pointerKey(t: Extract<OutputTarget, { kind: 's3' }>, day: string): string {
  return `${t.root === '' ? '' : `${t.root}/`}dataset/date=${day}/_partition.json`;
}

/**
 * Uploads the files a run wrote under `staging` (its `dataset/date=D/` folders), then puts each partition's pointer;
 * returns the files with their s3:// paths. Once the new pointer is in place, the objects of the build before the
 * replaced one are removed.
 */
export async function commitPartitions(s3: S3, t: Extract<OutputTarget, { kind: 's3' }>, staging: string, files: readonly OutputFile[], run: { runId: number; attempt: number; worker: string; tag: string }): Promise<OutputFile[]> {
  const byDay = new Map<string, OutputFile[]>();
  for (const f of files) {
    const m = /(?:^|\/)dataset\/date=(\d{4}-\d{2}-\d{2})\//.exec(relative(staging, f.path));
    if (m === null) throw new Error(`output ${f.path} is not under ${staging}/dataset/date=YYYY-MM-DD/`);
    byDay.set(m[1]!, [...(byDay.get(m[1]!) ?? []), f]);
  }
  const out: OutputFile[] = [];
  for (const [day, list] of byDay) {
    const folder = `${t.root === '' ? '' : `${t.root}/`}dataset/date=${day}/${run.tag}`;
    const entries: PartitionPointer['files'] = [];
    for (const f of list) {
      const key = `${folder}/${basename(f.path)}`;
      await s3.upload(key, f.path);
      entries.push({ name: basename(f.path), key, bytes: f.bytes, sha256: f.sha256 || await sha256(f.path) });
      out.push({ ...f, path: `s3://${t.bucket}/${key}` });
    }
    const old = await readPointer(s3, t, day);
    const keep = new Set([...entries.map((e) => e.key), ...(old?.files ?? []).map((e) => e.key)]);
    const pointer: PartitionPointer = {
      asset: 'dataset', partition: day, runId: run.runId, attempt: run.attempt, worker: run.worker, at: new Date().toISOString(), files: entries,
      replaced: (old?.files ?? []).map((e) => e.key).filter((k) => !entries.some((e) => e.key === k)),
    };
    await s3.put(pointerKey(t, day), `${JSON.stringify(pointer, null, 1)}\n`);
    for (const k of old?.replaced ?? []) if (!keep.has(k)) await s3.remove(k).catch(() => {});
  }
  return out;
}

/** A partition's committed pointer, or undefined. */
export async function readPointer(s3: S3, t: Extract<OutputTarget, { kind: 's3' }>, day: string): Promise<PartitionPointer | undefined> {
  const b = await s3.get(pointerKey(t, day));
  return b === undefined ? undefined : JSON.parse(new TextDecoder().decode(b)) as PartitionPointer;
}

/** Downloads the newest committed dataset partition to `<staging>/dataset/date=D/dataset.parquet` (what feature_sync and training read); false when there is none. */
export async function stageLatestDataset(s3: S3, t: Extract<OutputTarget, { kind: 's3' }>, staging: string): Promise<boolean> {
  const keys = await s3.list(`${t.root === '' ? '' : `${t.root}/`}dataset/`);
  const days = keys.map((k) => /dataset\/date=(\d{4}-\d{2}-\d{2})\/_partition\.json$/.exec(k)?.[1]).filter((d): d is string => d !== undefined).sort().reverse();
  for (const day of days) {
    const p = await readPointer(s3, t, day);
    const f = p?.files.find((x) => x.name === 'dataset.parquet');
    if (f === undefined) continue;
    const bytes = await s3.get(f.key);
    if (bytes === undefined) continue;
    const dir = join(staging, 'dataset', `date=${day}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'dataset.parquet'), bytes);
    return true;
  }
  return false;
}
