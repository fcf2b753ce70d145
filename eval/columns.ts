/** Which columns of a dataset `gq eval` scores (features) and against what (targets), and each target's horizon. */
import { FAMILIES, FEATURES } from '../kernels/registry.ts';

/** Identity, price and flag columns: in the dataset, but not features (features.md "Identity and price", flags). */
const NOT_FEATURES = new Set(['Code', 'Date', 'Open', 'High', 'Low', 'Close', 'Volume', 'TurnoverValue', 'is_traded', 'limit_hit']);
const FAMILY_OF = new Map(FEATURES.map((f) => [f.name, f.family as string]));

/** The registry family of a column, or 'other' for a column gq's registry does not define. */
export function familyOf(name: string): string {
  return FAMILY_OF.get(name) ?? 'other';
}

/** The horizon in rows of a target column named `target_<h>d` or `target_excess_<h>d`; undefined for any other name. */
export function targetHorizon(name: string): number | undefined {
  const m = /^target_(?:excess_)?(\d+)d$/.exec(name);
  return m === null ? undefined : Number(m[1]);
}

/** The targets of the IC decay for a main target: 1, 5, 10 and 20 days of the same kind (plain or excess). */
export function decayTargetNames(main: string): string[] {
  const kind = main.startsWith('target_excess_') ? 'target_excess_' : 'target_';
  return [1, 5, 10, 20].map((h) => `${kind}${h}d`);
}

/**
 * The feature columns to score among a file's numeric columns: the `features` named, or those of `families`, or
 * every numeric column that is neither identity, price, flag nor target. Unknown names are an error naming them.
 */
export function selectFeatures(numeric: readonly string[], o: { features?: readonly string[]; families?: readonly string[] }): string[] {
  const have = new Set(numeric);
  if (o.features !== undefined && o.features.length > 0) {
    const missing = o.features.filter((f) => !have.has(f));
    if (missing.length > 0) throw new Error(`--features: no numeric column ${missing.map((m) => `"${m}"`).join(', ')} in the dataset`);
    return [...o.features];
  }
  const candidates = numeric.filter((n) => !NOT_FEATURES.has(n) && !n.startsWith('target_'));
  if (o.families !== undefined && o.families.length > 0) {
    for (const fam of o.families) {
      if (!FAMILIES.includes(fam as never) || fam === 'targets') throw new Error(`--families: unknown feature family "${fam}" (one of: ${FAMILIES.filter((f) => f !== 'targets').join(', ')})`);
    }
    const picked = candidates.filter((n) => o.families!.includes(familyOf(n)));
    if (picked.length === 0) throw new Error(`--families ${o.families.join(' ')}: the dataset has no column of these families`);
    return picked;
  }
  if (candidates.length === 0) throw new Error('the dataset has no feature column to evaluate');
  return candidates;
}
