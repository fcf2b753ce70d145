/**
 * What `--dataset` must be for gq eval and gq train: a Parquet file gq run wrote. A missing path, a folder, a CSV
 * or any other file is refused in one line naming the option, and where the Parquet dataset probably is.
 */
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Throws one line, naming `--dataset PATH`, unless `path` is a file that starts and ends with Parquet's magic (PAR1). */
export async function checkDatasetFile(path: string): Promise<void> {
  const st = await stat(path).catch(() => undefined);
  if (st === undefined) throw new Error(`--dataset ${path}: no such file (run gq run first, or give the path of a dataset .parquet)`);
  if (st.isDirectory()) {
    const inside = join(path, 'dataset.parquet');
    throw new Error(`--dataset ${path}: a folder, not a file; give the dataset .parquet${existsSync(inside) ? `, e.g. --dataset ${inside}` : ' gq run wrote (out/dataset.parquet by default)'}`);
  }
  if (await isParquet(path, st.size)) return;
  const twin = path.slice(0, path.length - extname(path).length) + '.parquet';
  const what = extname(path).toLowerCase() === '.csv' ? 'a CSV file' : 'not a Parquet file';
  const hint = twin !== path && existsSync(twin) ? `; the Parquet file beside it is --dataset ${twin}` : '; write one with gq run --format parquet';
  throw new Error(`--dataset ${path}: ${what}; gq eval and gq train read the Parquet dataset${hint}`);
}

/** Whether the file's first and last 4 bytes are PAR1. */
async function isParquet(path: string, size: number): Promise<boolean> {
  if (size < 12) return false;
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    await fh.read(tail, 0, 4, size - 4);
    return head.toString('latin1') === 'PAR1' && tail.toString('latin1') === 'PAR1';
  } finally {
    await fh.close();
  }
}
