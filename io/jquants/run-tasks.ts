/** Runs async tasks with at most `concurrency` in flight; after the first failure no new task starts. */

/** Runs `fn` over `items`; rejects with the first error once the tasks already started have settled. */
export async function runTasks<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  let first: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        if (!failed) first = err;
        failed = true;
      }
    }
  };
  const n = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  if (failed) throw first;
}
