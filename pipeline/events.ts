/** The one event bus of a run: stages and progress go through it; the CLI renders them, metrics may count them. */
import m from 'mitt';
import type { Emitter } from 'mitt';

export type StageName = 'fetch' | 'check' | 'assemble' | 'compute' | 'write';

export type RunEvents = {
  /** A stage starts; `total` is what progress counts towards (rows, requests or files), if known. */
  'stage:start': { stage: StageName; total?: number; unit?: string; detail?: string };
  'stage:progress': { stage: StageName; done: number; total?: number; unit?: string };
  'stage:end': { stage: StageName; ms: number; detail?: string };
  /** Something a user should read: a skipped check, a plan's request count, a memory estimate. */
  info: string;
  warn: string;
};

export type RunBus = Emitter<RunEvents>;

// mitt's types are CJS-flavoured: under nodenext the default import is not callable as typed (libraries.md §A7).
const mitt = m as unknown as typeof m.default;

/** A fresh event bus for one run. */
export function createBus(): RunBus {
  return mitt<RunEvents>();
}
