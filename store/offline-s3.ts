/**
 * The offline store under an S3 prefix. A partition is written to a local temp file, then uploaded as one object
 * (a PUT, or a multipart upload completed at once: readers see the old object or the new, never a part); the
 * manifest is put after every partition (put-then-commit). Reads download a partition to a temp file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OfflineBackend } from './offline-backend.ts';
import { s3Client } from './s3-client.ts';

/** A backend over s3://bucket/prefix. */
export async function s3Backend(bucket: string, prefix: string): Promise<OfflineBackend> {
  const s3 = s3Client(bucket);
  const key = (rel: string): string => (prefix === '' ? rel : `${prefix}/${rel}`);
  const where = `s3://${bucket}${prefix === '' ? '' : `/${prefix}`}`;
  const scratch = await mkdtemp(join(tmpdir(), 'gq-s3-'));
  let n = 0;
  const wrap = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw new Error(`offline store ${where}: ${what} failed (${(e as Error).name}: ${(e as Error).message})`, { cause: e });
    }
  };
  return {
    where,
    readText: (rel) => wrap(`reading ${rel}`, async () => {
      const b = await s3.get(key(rel));
      return b === undefined ? undefined : new TextDecoder().decode(b);
    }),
    writeText: (rel, text) => wrap(`writing ${rel}`, () => s3.put(key(rel), text)),
    async writeFile(rel, write) {
      const local = join(scratch, `w${n++}.parquet`);
      try {
        await write(local);
        await wrap(`uploading ${rel}`, () => s3.upload(key(rel), local));
      } finally {
        await rm(local, { force: true });
      }
    },
    async localPath(rel) {
      const local = join(scratch, `r${n++}.parquet`);
      const bytes = await wrap(`reading ${rel}`, () => s3.get(key(rel)));
      if (bytes === undefined) throw new Error(`offline store ${where}: ${rel} is listed in the manifest but missing`);
      await writeFile(local, bytes);
      return local;
    },
    release: (path) => rm(path, { force: true }),
    list: () => wrap('listing', async () => (await s3.list(prefix === '' ? '' : `${prefix}/`)).map((k) => (prefix === '' ? k : k.slice(prefix.length + 1))).sort()),
    remove: (rel) => wrap(`removing ${rel}`, () => s3.remove(key(rel))),
    async close() {
      s3.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
