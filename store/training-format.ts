/** The format of `gq store history --out FILE`, from its extension: Parquet or CSV; any other name is refused. */
import { extname } from 'node:path';
import { GqError } from '../io/gq-error.ts';

export type TrainingFormat = 'parquet' | 'csv';

/** `parquet` for .parquet, `csv` for .csv (any case); an error naming the file otherwise. */
export function trainingFormat(path: string): TrainingFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.csv') return 'csv';
  throw new GqError('BAD_OPTION', `--out ${path}: give a .parquet or .csv file (the format follows the extension)`);
}
