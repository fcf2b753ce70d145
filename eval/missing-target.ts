/** What `gq eval` and `gq train` say when the target to score against is not a column of the dataset. */
import { existsSync } from 'node:fs';

/** The target columns among a dataset's columns (`target_1d`, `target_excess_5d`, ...). */
export function targetColumns(columns: Iterable<string>): string[] {
  return [...columns].filter((c) => c.startsWith('target_'));
}

/**
 * Why `target` cannot be used: the dataset has other targets (name them and --target), or none at all (it was written
 * without the targets family: say how to add them). `given` is false when the target is the default, not typed.
 */
export function missingTargetMessage(target: string, given: boolean, columns: Iterable<string>, dataset?: string): string {
  const have = targetColumns(columns);
  const ds = dataset ?? 'the dataset';
  if (have.length > 0) {
    const what = given ? `--target ${target}: no such column in ${ds}` : `${ds} has no ${target} (the default target)`;
    return `${what}; its targets are ${have.join(', ')}: choose one with --target ${have.includes('target_1d') ? 'target_1d' : have[0]}`;
  }
  const meta = dataset === undefined ? undefined : dataset.replace(/\.parquet$/i, '') + '.metadata.json';
  if (meta !== undefined && !existsSync(meta)) {
    // Not a file gq run wrote (e.g. gq train's predictions.parquet): --update targets could not add anything to it.
    return `${given ? `--target ${target}: no such column; ` : ''}${ds} has no target column (target_*) and no ${meta} beside it: `
      + 'it is not a dataset gq run wrote, so there is nothing to score against; give the dataset .parquet gq run wrote (out/dataset.parquet by default)';
  }
  return `${given ? `--target ${target}: no such column; ` : ''}${ds} has no target column (target_*) at all, so there is nothing to `
    + 'score the features against: it was written without the targets family. Add them with '
    + `gq run --dataset ${dataset ?? 'PATH'} --update targets --in-place (or --tag NAME for a new file), or write it again `
    + 'with --families including targets (gq run\'s default families include it)';
}
