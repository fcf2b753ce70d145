/**
 * "The last dataset gq run wrote", for store commands run without --dataset: the newest `*.metadata.json` in the
 * default output folder (./out), by its created_at, and the Parquet file it lists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GqError } from '../io/gq-error.ts';

/** The Parquet path of the newest dataset in `dir` (default ./out), or an error saying to pass --dataset. */
export function lastDataset(dir = resolve('out')): string {
  let best: { at: string; path: string } | undefined;
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.metadata.json')) : [];
  for (const n of names) {
    try {
      const m = JSON.parse(readFileSync(join(dir, n), 'utf8')) as { created_at?: string; files?: { kind: string; path: string }[] };
      const p = m.files?.find((f) => f.kind === 'parquet')?.path ?? join(dir, n.replace(/\.metadata\.json$/, '.parquet'));
      const at = m.created_at ?? '';
      if (existsSync(p) && (best === undefined || at > best.at)) best = { at, path: p };
    } catch {
      // not a gq metadata file
    }
  }
  if (best === undefined) throw new GqError('SOURCE_MISSING', `no dataset given and none in ${dir} (the default output of gq run); pass --dataset PATH`);
  return best.path;
}
