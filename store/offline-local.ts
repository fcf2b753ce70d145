/** The offline store in a local folder. */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import type { OfflineBackend } from './offline-backend.ts';

/** A backend over the folder `dir` (created on first write). */
export function localBackend(dir: string): OfflineBackend {
  const at = (rel: string): string => join(dir, rel);
  return {
    where: dir,
    async readText(rel) {
      try {
        return await readFile(at(rel), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async writeText(rel, text) {
      await mkdir(dirname(at(rel)), { recursive: true });
      await writeFileAtomic(at(rel), text);
    },
    async writeFile(rel, write) {
      await mkdir(dirname(at(rel)), { recursive: true });
      await write(at(rel));
    },
    localPath: async (rel) => at(rel),
    release: async () => undefined,
    async list() {
      try {
        const entries = await readdir(dir, { recursive: true, withFileTypes: true });
        return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
    },
    remove: (rel) => rm(at(rel), { force: true }),
    close: async () => undefined,
  };
}
