/**
 * The peer bench's feature sets: `core` (the 69-column catalogue, the bench's default), `a158` (core + Alpha158) and
 * `all` (core + Alpha158 + sector + cross_section + target_rank: every family computed from bars alone). Issue 16's
 * event families need event records the peer input does not hold, so no mode has them.
 */
import { computePlan, FAMILIES } from '../../kernels/registry.ts';
import { FLAGS, IDENTITY } from './output-columns.ts';

export const PEER_MODES = { core: [...FAMILIES], a158: [...FAMILIES, 'a158'], all: [...FAMILIES, 'a158', 'sector', 'cross_section', 'target_rank'] } as const;
export type PeerMode = keyof typeof PEER_MODES;

export type PeerColumns = {
  families: readonly string[];
  /** Float64 features in gq's output order. */
  features: string[];
  /** Every output column in order. */
  output: string[];
  /** Flags, then prices and features: what the agreement check compares. */
  compared: string[];
  /** True when the set needs a sector per code (sectors.parquet). */
  sectors: boolean;
};

/** The columns of a peer-bench mode, in gq's dataset order. */
export function peerColumns(mode: PeerMode): PeerColumns {
  const families = PEER_MODES[mode];
  const plan = computePlan({ families });
  const features = plan.filter((f) => f.kind === 'f64').map((f) => f.name);
  return {
    families, features,
    output: [...IDENTITY, 'is_traded', ...plan.map((f) => f.name)],
    compared: [...FLAGS, ...IDENTITY.slice(2), ...features],
    sectors: families.includes('sector' as never),
  };
}

/** The mode named by `--families`, or an error listing the modes. */
export function peerMode(s: string): PeerMode {
  if (!(s in PEER_MODES)) throw new Error(`--families ${s}: expected one of ${Object.keys(PEER_MODES).join(', ')}`);
  return s as PeerMode;
}
