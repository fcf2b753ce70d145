/** What each bench child prints as its last line, and the small helpers every child shares. */
import { stat } from 'node:fs/promises';
import { peakRssMiB } from '../args.ts';

export type ChildResult = {
  tool: string;
  rows: number;
  read_s: number;
  compute_s: number;
  write_s: number;
  end_to_end_s: number;
  peak_rss_mib: number;
  out_bytes: number;
  /** Tool-specific notes (thread count, stage times, features left out). */
  extra?: Record<string, unknown>;
};

/** Seconds since `t0` (a performance.now() value), rounded to the millisecond. */
export function since(t0: number): number {
  return Math.round(performance.now() - t0) / 1000;
}

/** Prints the child's result as one JSON line (the parent reads the last line) with its peak RSS and output size (0 when it wrote nothing). */
export async function report(r: Omit<ChildResult, 'peak_rss_mib' | 'out_bytes'>, outPath: string | undefined): Promise<void> {
  const out_bytes = outPath === undefined ? 0 : (await stat(outPath)).size;
  const full: ChildResult = { ...r, peak_rss_mib: await peakRssMiB(), out_bytes };
  console.log(JSON.stringify(full));
}

/** `--name value` options of a child, as strings. */
export function childArgs(): Record<string, string> {
  const out: Record<string, string> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i + 1 < argv.length; i += 2) out[argv[i]!.replace(/^--/, '')] = argv[i + 1]!;
  return out;
}

/** A required child option, or an error naming it. */
export function need(args: Record<string, string>, name: string): string {
  const v = args[name];
  if (v === undefined) throw new Error(`bench child ${process.argv[1]}: --${name} is required`);
  return v;
}
