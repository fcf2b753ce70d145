/** One line per error, with the fix; the stack only with --verbose. Returns the exit code. */
export function reportError(e: unknown, verbose: boolean): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const msg = err.message.replace(/^CACError: /, '');
  process.stderr.write(`gq: ${msg}\n`);
  if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
  else if (!verbose && !(err.name === 'GqError' || err.name === 'JQuantsError' || err.name === 'CACError')) process.stderr.write('(run with --verbose for the stack trace)\n');
  return 2;
}
