/** Tiny `--name value` argument reader for the bench scripts. */
export function benchArgs(defaults: Record<string, number>): Record<string, number> {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    if (!(key in defaults)) throw new Error(`unknown option ${a} (known: ${Object.keys(defaults).map((k) => `--${k}`).join(', ')})`);
    const v = Number(argv[++i]);
    if (!Number.isFinite(v)) throw new Error(`option ${a} needs a number`);
    out[key] = v;
  }
  return out;
}

/** Peak resident set size of this process so far, in MiB (Linux VmHWM; falls back to current RSS). */
export async function peakRssMiB(): Promise<number> {
  try {
    const { readFileSync } = await import('node:fs');
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch { /* not Linux */ }
  return Math.round(process.memoryUsage().rss / 1048576);
}
