/** One line per error, with the fix; the stack only with --verbose. Returns the exit code. */
export function reportError(e: unknown, verbose: boolean): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const msg = err.message.replace(/^CACError: /, '');
  process.stderr.write(`gq: ${msg}\n`);
  if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
  // A programming error (not a user's input) deserves the hint that there is more to see.
  else if (err instanceof TypeError || err instanceof ReferenceError || err instanceof RangeError) process.stderr.write('(run with --verbose for the stack trace)\n');
  return 2;
}
