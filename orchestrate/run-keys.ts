/** Run keys: one request per partition, whichever of the schedule, the data-arrival sensor or a retry asks first. */

/** The key of the first build of a dataset partition. */
export function freshPartitionKey(day: string): string {
  return `dataset:${day}`;
}

/** The key of a backfill's partition run. */
export function backfillKey(backfillId: number, day: string): string {
  return `backfill:${backfillId}:${day}`;
}
