/**
 * Reading gq eval's and gq train's command line as typed: list flags (`--features a b`), values cac would turn into
 * numbers (`--out 001`), arguments that belong to no option, and the MAX_PARALLEL_WORKERS default.
 */

/** Values of a list flag in `argv` as typed: `--features a b`, `--features a,b` or the flag repeated; undefined if absent. */
export function listFlagValues(argv: readonly string[], name: string): string[] | undefined {
  const out: string[] = [];
  let seen = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith(`${name}=`)) { seen = true; out.push(...a.slice(name.length + 1).split(',')); continue; }
    if (a !== name) continue;
    seen = true;
    while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) out.push(...argv[++i]!.split(','));
  }
  return seen ? out.map((s) => s.trim()).filter(Boolean) : undefined;
}

/**
 * The positional arguments cac collected (`rest`) that are not the second and later values of a list flag in `argv`
 * (`--features a b`: cac takes `a` and leaves `b`): words that belong to no option.
 */
export function strayArguments(rest: readonly unknown[], argv: readonly string[], listFlags: readonly string[]): string[] {
  const extra = new Map<string, number>();
  for (let i = 0; i < argv.length; i++) {
    if (!listFlags.includes(argv[i]!)) continue;
    let k = i + 1;
    while (k < argv.length && !argv[k]!.startsWith('-')) {
      if (k > i + 1) extra.set(argv[k]!, (extra.get(argv[k]!) ?? 0) + 1);
      k++;
    }
    i = k - 1;
  }
  const stray: string[] = [];
  for (const r of rest.map(String)) {
    const n = extra.get(r) ?? 0;
    if (n > 0) extra.set(r, n - 1); else stray.push(r);
  }
  return stray;
}

/** The error for words that belong to no option of `gq <command>`; a .parquet among them is taken to be the dataset. */
export function strayArgumentsError(command: string, stray: readonly string[], hasDataset: boolean): Error {
  const words = stray.map((s) => `"${s}"`).join(', ');
  const parquet = stray.find((s) => s.toLowerCase().endsWith('.parquet'));
  const fix = parquet !== undefined && !hasDataset ? `: give the dataset as --dataset ${parquet}` : ` (see gq ${command} --help)`;
  return new Error(`${words} ${stray.length > 1 ? 'belong' : 'belongs'} to no option of gq ${command}${fix}`);
}

/** The worker count from MAX_PARALLEL_WORKERS (undefined when unset or empty), or an error naming the variable. */
export function workersFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.MAX_PARALLEL_WORKERS?.trim();
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`MAX_PARALLEL_WORKERS must be an integer from 1 to 256, got "${v}" (unset it, or give --workers N)`);
  return n;
}
