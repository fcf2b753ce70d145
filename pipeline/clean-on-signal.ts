/**
 * Ctrl-C during a run: Node's default for SIGINT and SIGTERM ends the process on the spot, leaving the run's staging
 * folder (`<output>/.gq-run.<pid>.*.tmp/`) and a folder the run created for --output. While a run writes, these
 * signals instead remove what it staged, say so, and exit with 128 + the signal number (130 for SIGINT), as a shell
 * reports a command stopped by it.
 */
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Until the returned function is called, SIGINT, SIGTERM and SIGHUP run `cleanup` (synchronously: a handler must not
 * wait, or a second Ctrl-C finds it half done), print `gq: interrupted by <signal>: <said>` and exit.
 */
export function cleanOnSignal(cleanup: () => void, said: string): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    for (const s of SIGNALS) process.off(s, handler);
    let outcome = said;
    try {
      cleanup();
    } catch (e) {
      outcome = `could not remove everything it had staged (${(e as Error).message})`;
    }
    // A progress bar on a terminal leaves the cursor mid-line.
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}gq: interrupted by ${signal}: ${outcome}\n`);
    process.exit(128 + (constants.signals[signal] ?? 0));
  };
  for (const s of SIGNALS) process.on(s, handler);
  return () => {
    for (const s of SIGNALS) process.off(s, handler);
  };
}
