/**
 * Renders run events: a progress bar per stage on a TTY, plain lines otherwise (logs, CI, pipes), where a stage that
 * runs long prints a progress line every few seconds. Writes to stderr so that stdout stays for results.
 */
import type { RunBus, StageName } from '../pipeline/events.ts';

/** Seconds between the progress lines of a long stage when stderr is not a terminal. */
export const PLAIN_PROGRESS_MS = 5000;

/** Subscribes a renderer to the bus; returns a function that finishes the last line (and stops the progress timer). */
export function renderProgress(bus: RunBus, out: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr, quiet = false, everyMs = PLAIN_PROGRESS_MS): () => void {
  const tty = out.isTTY === true;
  let open: StageName | null = null;
  let lastDraw = 0;
  // Not a terminal: a timer prints where the running stage is, so a log shows a long stage is alive.
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: { stage: StageName; t0: number; done?: number; total?: number; unit?: string } | null = null;
  const stopTimer = (): void => { if (timer !== undefined) clearInterval(timer); timer = undefined; running = null; };
  const plainLine = (): void => {
    if (running === null) return;
    const r = running;
    const s = ((Date.now() - r.t0) / 1000).toFixed(0);
    const where = r.done === undefined ? '' : ` ${r.done}${r.total ? `/${r.total}` : ''} ${r.unit ?? ''}${r.total ? ` (${Math.floor((100 * r.done) / r.total)}%)` : ''}`;
    out.write(`${r.stage}: running for ${s} s${where}\n`);
  };
  const endLine = (): void => { if (open !== null && tty) out.write('\n'); open = null; };
  bus.on('stage:start', (e) => {
    endLine();
    if (!quiet) out.write(`${e.stage}: ${e.detail ?? 'started'}${e.total !== undefined ? ` (${e.total} ${e.unit ?? ''})` : ''}${tty ? '' : '\n'}`);
    open = tty ? e.stage : null;
    if (!tty && !quiet) {
      stopTimer();
      running = { stage: e.stage, t0: Date.now(), total: e.total, unit: e.unit };
      timer = setInterval(plainLine, everyMs);
      timer.unref?.();
    }
  });
  bus.on('stage:progress', (e) => {
    if (running !== null && running.stage === e.stage) Object.assign(running, { done: e.done, total: e.total ?? running.total, unit: e.unit ?? running.unit });
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
    if (running !== null && running.stage === e.stage) stopTimer();
    if (quiet) return;
    if (tty) out.write(`\r${e.stage.padEnd(8)} done in ${(e.ms / 1000).toFixed(2)} s${e.detail ? `: ${e.detail}` : ''}`.padEnd(60) + '\n');
    else out.write(`${e.stage}: done in ${(e.ms / 1000).toFixed(2)} s${e.detail ? `: ${e.detail}` : ''}\n`);
    open = null;
  });
  bus.on('info', (m) => { endLine(); if (!quiet) out.write(`${m}\n`); });
  bus.on('warn', (m) => { endLine(); out.write(`warning: ${m}\n`); });
  return () => { stopTimer(); endLine(); };
}
