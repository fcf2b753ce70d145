/** Renders many charts on a piscina pool: vega's layout is single-threaded JavaScript, and a report has a few hundred charts. */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';

/** The SVG of each group of specs (one task per group), rendered on `workers` threads. */
export async function renderGroups(groups: Record<string, unknown>[][], workers = availableParallelism()): Promise<string[][]> {
  const n = Math.max(1, Math.min(workers, groups.length));
  const pool = new Piscina({ filename: new URL('./chart-worker.ts', import.meta.url).href, minThreads: n, maxThreads: n, idleTimeout: 1000 });
  try {
    return await Promise.all(groups.map((g) => pool.run(g) as Promise<string[]>));
  } finally {
    await pool.destroy();
  }
}
