/**
 * Keeps the peer bench from pushing a shared machine into the OOM killer: each tool's peak is estimated from
 * bytes per raw row measured at 4.5 M rows (RESULTS.md), and a tool whose estimate does not fit in the memory
 * available right now (less a reserve) is skipped with that reason instead of being started.
 */
import { readFileSync } from 'node:fs';

/** Peak RSS per raw input row, measured at 4,000 x 1,250 (4.5 M rows), plus about 10%. */
export const BYTES_PER_ROW: Record<string, number> = { gq: 830, polars: 1100, duckdb: 2050, floor: 1500 };

/** Left free for the rest of the machine (other processes, page cache for the files being written). */
export const RESERVE_MIB = 2048;

/** MemAvailable from /proc/meminfo in MiB (Infinity where there is no /proc). */
export function availableMiB(): number {
  try {
    const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Why `tool` should not run on `rows` raw rows now, or undefined when its estimated peak fits. */
export function wouldNotFit(tool: string, rows: number): string | undefined {
  const need = ((BYTES_PER_ROW[tool] ?? 0) * rows) / 2 ** 20;
  const have = availableMiB() - RESERVE_MIB;
  return need > have ? `estimated peak ${Math.round(need)} MiB > ${Math.round(have)} MiB available (less ${RESERVE_MIB} MiB reserve)` : undefined;
}
