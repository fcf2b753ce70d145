/**
 * The feature registry: every feature of features.md, in the spec's order, which is also a valid compute order
 * (each feature's inputs are panel inputs or features listed before it). It drives the computation, the output
 * schema, the metadata counts and the tests.
 */
import type { Family, FeatureDef, InputName } from './feature-def.ts';
import { A158 } from './features-a158.ts';
import { CROSS_SECTION, TARGET_RANK } from './features-cross-section.ts';
import { DMI, FLOWS, MARGIN, STATEMENTS } from './features-events.ts';
import { SECTOR } from './features-sector.ts';
import { MICROSTRUCTURE } from './features-microstructure.ts';
import { RETURNS } from './features-returns.ts';
import { TARGETS } from './features-targets.ts';
import { TECHNICAL } from './features-technical.ts';
import { TOPIX } from './features-topix.ts';
import { VOLATILITY } from './features-volatility.ts';
import { VOLUME } from './features-volume.ts';

export const INPUTS: readonly InputName[] = ['open', 'high', 'low', 'close', 'volume', 'turnover', 'mkt'];

/** Families of the core catalogue in output order: what a run writes when no family is named. */
export const FAMILIES: readonly Family[] = ['returns', 'volatility', 'technical', 'volume', 'topix', 'microstructure', 'targets'];

/** Families written only when named (`--families a158 ...` or `--families all`; families.md). */
export const EXTRA_FAMILIES: readonly Family[] = ['a158', 'sector', 'cross_section', 'target_rank', 'flows', 'margin', 'dmi', 'statements'];

/** Every family, in output order. */
export const ALL_FAMILIES: readonly Family[] = [...FAMILIES, ...EXTRA_FAMILIES];

/** Every feature, in output (and compute) order. */
export const FEATURES: readonly FeatureDef[] = checkOrder([
  ...RETURNS, ...VOLATILITY, ...TECHNICAL, ...VOLUME, ...TOPIX, ...MICROSTRUCTURE, ...TARGETS,
]);

/** Every feature gq knows: the core catalogue, then the opt-in families, in output (and compute) order. */
export const ALL_FEATURES: readonly FeatureDef[] = checkOrder([...FEATURES, ...A158, ...SECTOR, ...CROSS_SECTION, ...TARGET_RANK, ...FLOWS, ...MARGIN, ...DMI, ...STATEMENTS]);

const BY_NAME = new Map(ALL_FEATURES.map((f) => [f.name, f]));

/** The feature of that name, or an error naming it and the families to choose from. */
export function featureByName(name: string): FeatureDef {
  const f = BY_NAME.get(name);
  if (f === undefined) throw new Error(`unknown feature "${name}" (families: ${ALL_FAMILIES.join(', ')})`);
  return f;
}

/** Feature counts per family, for metadata. */
export function familyCounts(defs: readonly FeatureDef[] = FEATURES): Record<Family, number> {
  const out = Object.fromEntries(FAMILIES.map((f) => [f, 0])) as Record<Family, number>;
  for (const d of defs) out[d.family] = (out[d.family] ?? 0) + 1;
  return out;
}

/**
 * What to compute for a set of wanted features: the wanted ones plus every feature they depend on, in registry
 * order. `families` selects whole families (`all`: every family); both empty means the core catalogue.
 */
export function computePlan(opts: { features?: readonly string[]; families?: readonly string[] } = {}): FeatureDef[] {
  const wanted = new Set<string>(opts.features ?? []);
  for (const fam of opts.families ?? []) {
    if (fam !== 'all' && !ALL_FAMILIES.includes(fam as Family)) throw new Error(`unknown feature family "${fam}" (one of: ${ALL_FAMILIES.join(', ')}, all)`);
    for (const f of ALL_FEATURES) if (fam === 'all' || f.family === fam) wanted.add(f.name);
  }
  if (wanted.size === 0) return [...FEATURES];
  const need = new Set<string>();
  const visit = (name: string): void => {
    if (need.has(name) || (INPUTS as readonly string[]).includes(name)) return;
    const f = featureByName(name);
    need.add(name);
    for (const i of f.inputs) visit(i);
  };
  for (const w of wanted) visit(w);
  return ALL_FEATURES.filter((f) => need.has(f.name));
}

function checkOrder(defs: FeatureDef[]): FeatureDef[] {
  const seen = new Set<string>(INPUTS);
  for (const d of defs) {
    if (seen.has(d.name)) throw new Error(`feature registry: duplicate "${d.name}"`);
    for (const i of d.inputs) if (!seen.has(i)) throw new Error(`feature registry: "${d.name}" reads "${i}" before it is computed`);
    seen.add(d.name);
  }
  return defs;
}
