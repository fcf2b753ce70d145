/** `gq assets`: each asset's last partition and freshness, from the state and the TSE calendar only (bin/gq.js). */
import { assetsStatus } from '../assets-status.ts';
import { assetsTable } from './runs-text.ts';
import { withState, type Flags } from './with-state.ts';

/** `gq assets`. */
export function assetsCommand(flags: Flags): void {
  withState(flags, (state) => {
    const a = assetsStatus(state, Date.now());
    process.stdout.write(`${flags.json === true ? JSON.stringify(a, null, 2) : assetsTable(a)}\n`);
  });
}
