/**
 * Renders run events: a progress bar per stage on a TTY, plain lines otherwise (logs, CI, pipes).
 * Writes to stderr so that stdout stays for results.
 */
import type { RunBus, StageName } from '../pipeline/events.ts';

/** Subscribes a renderer to the bus; returns a function that finishes the last line. */
export function renderProgress(bus: RunBus, out: NodeJS.WriteStream = process.stderr, quiet = false): () => void {
  const tty = out.isTTY === true;
  let open: StageName | null = null;
  let lastDraw = 0;
  const endLine = (): void => { if (open !== null && tty) out.write('\n'); open = null; };
  bus.on('stage:start', (e) => {
    endLine();
    if (!quiet) out.write(`${e.stage}: ${e.detail ?? 'started'}${e.total !== undefined ? ` (${e.total} ${e.unit ?? ''})` : ''}${tty ? '' : '\n'}`);
    open = tty ? e.stage : null;
  });
  bus.on('stage:progress', (e) => {
    if (!tty || quiet) return;
    const now = Date.now();
    if (now - lastDraw < 100 && e.done !== e.total) return; // at most ten redraws a second
    lastDraw = now;
    const total = e.total ?? 0;
    const frac = total > 0 ? Math.min(1, e.done / total) : 0;
    const bar = '#'.repeat(Math.round(frac * 30)).padEnd(30, '.');
    out.write(`\r${e.stage.padEnd(8)} [${bar}] ${e.done}/${total || '?'} ${e.unit ?? ''}   `);
  });
  bus.on('stage:end', (e) => {
    if (quiet) return;
    if (tty) out.write(`\r${e.stage.padEnd(8)} done in ${(e.ms / 1000).toFixed(2)} s${e.detail ? `: ${e.detail}` : ''}`.padEnd(60) + '\n');
    else out.write(`${e.stage}: done in ${(e.ms / 1000).toFixed(2)} s${e.detail ? `: ${e.detail}` : ''}\n`);
    open = null;
  });
  bus.on('info', (m) => { endLine(); if (!quiet) out.write(`${m}\n`); });
  bus.on('warn', (m) => { endLine(); out.write(`warning: ${m}\n`); });
  return endLine;
}
