/** A worker of gq train: the columns arrive once in workerData (shared memory); a task is a pass over a range of dates. */
import { workerData } from 'node:worker_threads';
import { maxRowsPerDate } from './max-rows.ts';
import { gramPass, predictPass, trainScratch, type GramResult, type TrainInput, type TrainTask } from './train-pass.ts';

const input = workerData as TrainInput;
const scratch = trainScratch(input, maxRowsPerDate(input.index.offsets));

/** Runs one pass over one shard. */
export default function run(task: TrainTask): GramResult | null {
  if (task.kind === 'gram') return gramPass(input, scratch, task.dateLo, task.dateHi);
  predictPass(input, scratch, task.dateLo, task.dateHi, task.coefs!);
  return null;
}
