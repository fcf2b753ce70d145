/**
 * The output every tool of the peer bench writes, in gq's dataset order (pipeline/dataset-columns.ts): Code, Date,
 * the split-adjusted bar, is_traded, then every feature of the registry (limit_hit among them, as an int8).
 */
import { FEATURES } from '../../kernels/registry.ts';

/** Identity and price columns (features.md "Identity and price"). */
export const IDENTITY = ['Code', 'Date', 'Open', 'High', 'Low', 'Close', 'Volume', 'TurnoverValue'] as const;
/** Flags: is_traded (boolean) and limit_hit (int8). */
export const FLAGS = ['is_traded', 'limit_hit'] as const;
/** The 69 Float64 features of the registry, in registry order. */
export const FEATURE_NAMES: readonly string[] = FEATURES.filter((f) => f.kind === 'f64').map((f) => f.name);
/** Every output column in order. */
export const OUTPUT_COLUMNS: readonly string[] = [...IDENTITY, 'is_traded', ...FEATURES.map((f) => f.name)];
/** Every Float64 column of the output (prices and features), the ones the agreement check compares with a tolerance. */
export const FLOAT_COLUMNS: readonly string[] = [...IDENTITY.slice(2), ...FEATURE_NAMES];
