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
