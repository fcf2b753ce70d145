/**
 * Where the offline store's files live: a local folder or an S3 prefix, behind one small interface. Partition files
 * are written whole and put in place atomically (rename on disk, a single PUT on S3), and the manifest after them.
 */
import type { OfflineLocation } from './config.ts';

export type OfflineBackend = {
  /** `/path/to/offline` or `s3://bucket/prefix`, for messages. */
  readonly where: string;
  /** The text of a file of the store, or undefined when absent. */
  readText(rel: string): Promise<string | undefined>;
  /** Writes a small text file in one step (atomically). */
  writeText(rel: string, text: string): Promise<void>;
  /**
   * Writes a file produced by `write(path)` at `rel`: on disk `path` is the final place (the writer renames its temp
   * file there); on S3 it is a local temp file, uploaded after `write` returns.
   */
  writeFile(rel: string, write: (path: string) => Promise<void>): Promise<void>;
  /** A local path holding the file `rel` (on S3: a downloaded copy, removed by `release`). */
  localPath(rel: string): Promise<string>;
  /** Frees what `localPath` made. */
  release(path: string): Promise<void>;
  /** Every file name under the store, relative. */
  list(): Promise<string[]>;
  /** Removes a file (absent is fine). */
  remove(rel: string): Promise<void>;
  close(): Promise<void>;
};

/** Opens the backend of a location (S3's client is loaded only when used). */
export async function openOffline(loc: OfflineLocation): Promise<OfflineBackend> {
  if (loc.kind === 'local') return (await import('./offline-local.ts')).localBackend(loc.dir);
  return (await import('./offline-s3.ts')).s3Backend(loc.bucket, loc.prefix);
}
