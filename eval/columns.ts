/** Which columns of a dataset `gq eval` scores (features) and against what (targets), and each target's horizon. */
import { ALL_FAMILIES, ALL_FEATURES } from '../kernels/registry.ts';

/** Identity, price and flag columns: in the dataset, but not features (features.md "Identity and price", flags). */
const NOT_FEATURES = new Set(['Code', 'Date', 'Open', 'High', 'Low', 'Close', 'Volume', 'TurnoverValue', 'is_traded', 'limit_hit']);
const FAMILY_OF = new Map(ALL_FEATURES.map((f) => [f.name, f.family as string]));
/** The families whose columns look ahead (targets, target_rank): never features. */
const TARGET_FAMILIES = new Set(['targets', 'target_rank']);

/** Every feature family `--families` may name: the core catalogue and the opt-in families, without the targets. */
export const FEATURE_FAMILIES: readonly string[] = ALL_FAMILIES.filter((f) => !TARGET_FAMILIES.has(f));

/** The registry family of a column (core or opt-in), or 'other' for a column gq's registry does not define. */
export function familyOf(name: string): string {
  return FAMILY_OF.get(name) ?? 'other';
}

/** Whether a column looks ahead (target_1d, target_excess_5d, target_rank_5d, ...): a target, never a feature. */
export function isTargetColumn(name: string): boolean {
  return name.startsWith('target_') || TARGET_FAMILIES.has(familyOf(name));
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
 * every numeric column that is neither identity, price, flag nor target. Unknown names, and target columns named as
 * features (they hold the future: a leak, not a signal), are an error naming them.
 */
export function selectFeatures(numeric: readonly string[], o: { features?: readonly string[]; families?: readonly string[] }): string[] {
  const have = new Set(numeric);
  if (o.features !== undefined && o.features.length > 0 && o.families !== undefined && o.families.length > 0) {
    throw new Error('--features and --families: give one of them (--features names the columns, --families takes whole families)');
  }
  if (o.features !== undefined && o.features.length > 0) {
    const missing = o.features.filter((f) => !have.has(f));
    if (missing.length > 0) throw new Error(`--features: no numeric column ${missing.map((m) => `"${m}"`).join(', ')} in the dataset`);
    const ahead = o.features.filter(isTargetColumn);
    if (ahead.length > 0) {
      throw new Error(`--features: ${ahead.map((m) => `"${m}"`).join(', ')} ${ahead.length > 1 ? 'are targets' : 'is a target'} (rows after the date), not a feature: scoring it against another target measures the overlap of the two, not a signal; choose the target to score against with --target`);
    }
    return [...o.features];
  }
  const candidates = numeric.filter((n) => !NOT_FEATURES.has(n) && !isTargetColumn(n));
  if (o.families !== undefined && o.families.length > 0) {
    for (const fam of o.families) {
      if (!FEATURE_FAMILIES.includes(fam)) throw new Error(`--families: unknown feature family "${fam}" (one of: ${FEATURE_FAMILIES.join(', ')})`);
    }
    const picked = candidates.filter((n) => o.families!.includes(familyOf(n)));
    if (picked.length === 0) {
      const present = [...new Set(candidates.map(familyOf))].filter((f) => f !== 'other');
      throw new Error(`--families ${o.families.join(' ')}: the dataset has no column of ${o.families.length > 1 ? 'these families' : 'this family'} (it has ${present.length > 0 ? present.join(', ') : 'none of gq\'s families'})`);
    }
    return picked;
  }
  if (candidates.length === 0) throw new Error('the dataset has no feature column to evaluate');
  return candidates;
}
