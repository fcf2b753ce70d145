/**
 * Lets list flags take several space-separated values (`--codes 7203 9984`, `--update prices topix`), as users type
 * them; cac itself only collects repeated flags and rejects the rest as unused arguments.
 */
const LIST_FLAGS = new Set(['--codes', '--update', '--format', '--families']);

/** argv with the values after a list flag joined by commas into that flag's one value. */
export function joinListFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!LIST_FLAGS.has(a)) { out.push(a); continue; }
    const values: string[] = [];
    while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) values.push(argv[++i]!);
    out.push(a);
    if (values.length > 0) out.push(values.join(','));
  }
  return out;
}

/**
 * argv with a negative number after an option joined to it (`--workers -1` -> `--workers=-1`), so the option's check
 * says what is wrong with the value instead of cac reading `-1` as an unknown short option.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a.startsWith('--') && !a.includes('=') && next !== undefined && /^-\d/.test(next)) { out.push(`${a}=${next}`); i++; } else out.push(a);
  }
  return out;
}

/** The text after `--name` (or in `--name=value`) exactly as typed: cac turns `001` into the number 1. */
export function rawValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i]!.startsWith(`${name}=`)) return args[i]!.slice(name.length + 1);
  }
  return undefined;
}
