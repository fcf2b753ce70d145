/** One line per error, with the fix; the stack only with --verbose. Returns the exit code. */
export function reportError(e: unknown, verbose: boolean): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const msg = err.message.replace(/^CACError: /, '');
  process.stderr.write(`gq: ${msg}\n`);
  const chain = causes(err);
  if (verbose) {
    // The stack of each cause too: a wrapper (a write that failed, say) names where; its cause says what broke.
    for (const [i, c] of chain.entries()) if (c.stack) process.stderr.write(`${i === 0 ? '' : 'caused by: '}${c.stack}\n`);
  }
  // A programming error (not a user's input) deserves the hint that there is more to see, wrapped or not.
  else if (chain.some((c) => c instanceof TypeError || c instanceof ReferenceError || c instanceof RangeError)) process.stderr.write('(run with --verbose for the stack trace)\n');
  return 2;
}

/** The error and its causes, outermost first (at most 10: a cycle ends there). */
function causes(err: Error): Error[] {
  const out: Error[] = [];
  for (let c: unknown = err; c instanceof Error && out.length < 10 && !out.includes(c); c = c.cause) out.push(c);
  return out;
}
