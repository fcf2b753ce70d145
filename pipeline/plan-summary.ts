/** How a run names what it computes: features, targets and flags counted apart, as the README and gq eval count them. */
import { plural } from '../io/plural.ts';
import type { FeatureDef } from '../kernels/feature-def.ts';

/** `61 features, 8 targets and 1 flag` (a part that is zero is left out). */
export function planSummary(plan: readonly FeatureDef[]): string {
  let features = 0;
  let targets = 0;
  let flags = 0;
  for (const f of plan) {
    if (f.family === 'targets' || f.family === 'target_rank') targets++;
    else if (f.kind === 'i8') flags++;
    else features++;
  }
  const parts = ([[features, 'feature'], [targets, 'target'], [flags, 'flag']] as const).filter(([n]) => n > 0).map(([n, noun]) => plural(n, noun));
  return parts.length <= 1 ? (parts[0] ?? '0 features') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
