/**
 * A worker of the per-date pass. The columns and the output arrays arrive once, in workerData (views over
 * SharedArrayBuffers, so nothing is copied); a task is a range of dates, whose results the worker writes in place.
 */
import { workerData } from 'node:worker_threads';
import { maxDateRows, passScratch, runDatePass } from './date-pass.ts';
import type { PassInput, PassOutput, PassResult, PassTask } from './pass-types.ts';

const data = workerData as { input: PassInput; out: PassOutput };
const scratch = passScratch(data.input, maxDateRows(data.input));

/** Runs one shard of dates. */
export default function run(task: PassTask): PassResult {
  return runDatePass(data.input, data.out, scratch, task.dateLo, task.dateHi);
}
