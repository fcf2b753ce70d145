#!/usr/bin/env node
/**
 * The `gq` command (package.json "bin"). Plain JavaScript, so Node starts it without loading its TypeScript stripper;
 * it turns on Node's compile cache (the stripped .ts files are reused from the second start on), re-runs the commands
 * that fill gigabytes of memory (`gq run`, `gq eval`, `gq store materialize` and `gq store history`) with huge pages on
 * Linux (bin/huge-pages.js), then hands `gq runs` and `gq assets` to their lean entry and every other command to the
 * full CLI (cli/gq.ts).
 */
import module from 'node:module';
import { runWithHugePages, wantsHugePages, watchParent } from './huge-pages.js';

module.enableCompileCache?.();
const command = process.argv[2];
const heavy = command === 'run' || command === 'eval' || (command === 'store' && ['materialize', 'materialize-incremental', 'history'].includes(process.argv[3] ?? ''));
if (heavy && wantsHugePages()) await runWithHugePages();
watchParent();
const lean = (command === 'runs' || command === 'assets') && (await import('../cli/runs-entry.ts')).runLean(process.argv.slice(2));
if (!(await lean)) await import('../cli/gq.ts');
